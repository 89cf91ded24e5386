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

#include "fixtures/fixture_impl.h"

static int io_error(hn_fixture_error *err, const char *path, const char *step)
{
    return hn__fixture_errorf(err, HN_FIXTURE_E_IO, path, 0, 0,
                              "cannot write the file (%s: %s); check that the directory "
                              "exists and is writable", step, strerror(errno));
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
                          hn_fixture_error *err)
{
    char *tmp = NULL;
    const char *step = "create a temporary file";
    int fd = open_temp(path, &tmp);
    if (fd < 0) {
        int r = io_error(err, path, step);
        free(tmp);
        return r;
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
        return io_error(err, path, step);
    }
    free(tmp);
    sync_dir(path);
    return 0;
}
