/* SPDX-License-Identifier: MIT */
/* platform_linux.c: the calls platform.h names, made the Linux way, with the
 * plain POSIX path beside each where one exists. */
#include "base/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/signalfd.h>
#endif

/* Signals read from the signalfd in one read(2). */
#define SIGNALS_PER_READ 8

int hn__platform_tmpfile(const char *name)
{
    const char *dir = getenv("TMPDIR");
    char path[PATH_MAX];
    if (!dir || !*dir)
        dir = "/tmp";
    if (snprintf(path, sizeof path, "%s/%s-XXXXXX", dir, name) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

int hn__platform_memfd(const char *name)
{
#if defined(__linux__) && defined(MFD_CLOEXEC)
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd >= 0 || errno != ENOSYS)
        return fd;
#endif
    return hn__platform_tmpfile(name);
}

void *hn__platform_remap(void *old, size_t old_size, size_t new_size)
{
#if defined(__linux__) && defined(MREMAP_MAYMOVE)
    return mremap(old, old_size, new_size, MREMAP_MAYMOVE);
#else
    void *p = mmap(NULL, new_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return p;
    memcpy(p, old, old_size < new_size ? old_size : new_size);
    munmap(old, old_size);
    return p;
#endif
}

int hn__platform_die_with_parent(int sig)
{
#ifdef __linux__
    return prctl(PR_SET_PDEATHSIG, sig) == 0 ? 0 : -1;
#else
    (void)sig;
    return -1;
#endif
}

#ifndef __GLIBC__
static void (*exit_fn)(int, void *);
static void *exit_arg;

static void at_exit(void)
{
    exit_fn(HN__PLATFORM_EXIT_UNKNOWN, exit_arg);
}
#endif

int hn__platform_on_exit(void (*fn)(int status, void *arg), void *arg)
{
#ifdef __GLIBC__
    return on_exit(fn, arg) == 0 ? 0 : -1;
#else
    if (exit_fn)
        return -1;
    exit_fn = fn;
    exit_arg = arg;
    return atexit(at_exit) == 0 ? 0 : -1;
#endif
}

int hn__platform_signals_open(const sigset_t *set)
{
#ifdef __linux__
    return signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
#else
    (void)set;
    errno = ENOSYS;
    return -1;
#endif
}

int hn__platform_signals_drain(int fd)
{
    int other = 0;
#ifdef __linux__
    struct signalfd_siginfo si[SIGNALS_PER_READ];
    ssize_t got;
    while ((got = read(fd, si, sizeof si)) > 0) {
        for (size_t j = 0; j < (size_t)got / sizeof *si; j++)
            if (si[j].ssi_signo != SIGCHLD)
                other = 1;
        if ((size_t)got < sizeof si)
            break; /* all read: spare the call that would say so */
    }
#else
    (void)fd;
#endif
    return other;
}
