#include "build_info.h"

// commit.h is written by scripts/stamp-commit.sh (only when the commit changes, so incremental
// builds stay incremental) and ignored by git. A plain `swift build` without it says "unknown".
#if __has_include("commit.h")
#include "commit.h"
#endif

#ifndef PREFLIGHT_COMMIT
#define PREFLIGHT_COMMIT "unknown"
#endif

const char *preflight_build_commit(void) { return PREFLIGHT_COMMIT; }
