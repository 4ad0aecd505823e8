#ifndef LOAD_SHIMS_H
#define LOAD_SHIMS_H

#include <poll.h>
#include <stdint.h>

/// `ppoll` with a timeout in nanoseconds (negative: none). Glibc declares `ppoll` only under
/// _GNU_SOURCE, which Swift's Glibc module does not define; `poll` has millisecond timeouts only,
/// too coarse for an open-loop schedule.
int load_ppoll(struct pollfd *fds, unsigned long count, int64_t timeout_ns);

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no system call).
uint64_t load_monotonic_ns(void);

/// CPU time of the calling thread, in nanoseconds: what the client itself costs.
uint64_t load_thread_cpu_ns(void);

#endif
