#ifndef PREFLIGHT_BYTE_SEARCH_H
#define PREFLIGHT_BYTE_SEARCH_H

#include <stddef.h>

/// glibc's memmem (a GNU extension the Swift Glibc module does not export): the first occurrence
/// of needle in haystack, or NULL.
const void *preflight_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
