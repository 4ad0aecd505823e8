#ifndef PREFLIGHT_BUILD_INFO_H
#define PREFLIGHT_BUILD_INFO_H

/// The git commit this binary was built from, or "unknown" (see scripts/stamp-commit.sh).
const char *preflight_build_commit(void);

#endif
