/* SPDX-License-Identifier: MIT */
/* file_atomic.c: replacing a file users own (a fixture, the last-verified
 * state) so that a reader sees the old contents or the new, never a part. */
#include "base/file_atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Ends a failed write: *step names what failed, errno says why. */
static int fail(const char **step, const char *what)
{
    if (step)
        *step = what;
    return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Opens a new, exclusive temporary file beside path; *tmp is malloc'd. */
static int open_temp(const char *path, char **tmp)
{
    static atomic_uint counter;
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    for (int attempt = 0; attempt < 100; attempt++) {
        free(*tmp);
        if (asprintf(tmp, "%.*s.%s.tmp-%ld-%u", dirlen, path, base, (long)getpid(),
                     atomic_fetch_add(&counter, 1)) < 0) {
            *tmp = NULL;
            errno = ENOMEM;
            return -1;
        }
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: the rename is already visible */
        close(fd);
    }
    free(dir);
}

int hn__file_atomic_write(const char *path, const void *data, size_t len,
                          const char **failed_step)
{
    char *tmp = NULL;
    const char *step = "create a temporary file";
    int fd = open_temp(path, &tmp);
    if (fd < 0) {
        int saved = errno;
        free(tmp);
        errno = saved;
        return fail(failed_step, step);
    }
    struct stat st;
    int ok = 1;
    if (write_all(fd, data, len) != 0)
        ok = 0, step = "write";
    else if (stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777) != 0)
        ok = 0, step = "keep the permissions of the old file";
    else if (fsync(fd) != 0)
        ok = 0, step = "fsync";
    int saved = errno;
    if (close(fd) != 0 && ok)
        ok = 0, saved = errno, step = "close";
    if (ok && rename(tmp, path) != 0)
        ok = 0, saved = errno, step = "rename";
    if (!ok) {
        unlink(tmp);
        free(tmp);
        errno = saved;
        return fail(failed_step, step);
    }
    free(tmp);
    sync_dir(path);
    return 0;
}
