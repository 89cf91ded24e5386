/* SPDX-License-Identifier: MIT */
/* file_atomic.h: replacing a file users own (a fixture, the last-verified
 * state) so that a reader sees the old contents or the new, never a part. */
#ifndef HN_FILE_ATOMIC_H
#define HN_FILE_ATOMIC_H

#include <stddef.h>

/* Writes len bytes of data to path through a temporary file in the same
 * directory (created exclusively, written, fsync'd, renamed over path; the
 * directory is fsync'd after). An existing file's permissions are kept; a
 * new file gets 0666 less the umask. Returns 0, or -1 with errno set and,
 * when failed_step is not NULL, *failed_step naming the step that failed
 * (static text: "write", "rename"...); on failure the temporary file is
 * removed and path is untouched. */
int hn__file_atomic_write(const char *path, const void *data, size_t len,
                          const char **failed_step);

#endif
