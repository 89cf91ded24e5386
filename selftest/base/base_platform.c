/* SPDX-License-Identifier: MIT */
/* base_platform.c: each call of the platform interface (base/platform.h)
 * on real descriptors, mappings, signals and processes; and CMake's refusal
 * to configure honest for a system other than Linux. */
#include <honest.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/platform.h"
#include "support.h"

/* Writes text to fd, reads it back from the start, and checks both. */
static void round_trip(int fd, const char *text)
{
    char back[64] = "";
    HN_ASSERT_EQ(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    HN_ASSERT_EQ(lseek(fd, 0, SEEK_SET), 0);
    HN_ASSERT_EQ(read(fd, back, sizeof back - 1), (ssize_t)strlen(text));
    HN_CHECK_STR_EQ(back, text);
}

/* The number of entries of dir other than . and .. */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    HN_ASSERT_NOT_NULL(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

HN_TEST(platform, memfd_is_anonymous_memory_closed_on_exec)
{
    int fd = hn__platform_memfd("honest-selftest");
    HN_ASSERT_GE(fd, 0);
    HN_CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    char link[64], target[256] = "";
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    HN_ASSERT_GT(readlink(link, target, sizeof target - 1), 0);
    HN_CHECK_STR_CONTAINS(target, "memfd:honest-selftest");
    round_trip(fd, "captured output");
    close(fd);
}

HN_TEST(platform, tmpfile_path_leaves_no_file_and_closes_on_exec)
{
    char *dir = st_tmpdir();
    HN_ASSERT_NOT_NULL(dir);
    setenv("TMPDIR", dir, 1);
    int fd = hn__platform_tmpfile("honest-selftest");
    HN_ASSERT_GE(fd, 0);
    HN_CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    HN_CHECK_EQ(entries(dir), 0);
    round_trip(fd, "captured output");
    close(fd);
    /* A directory that does not exist: -1, with the reason in errno. */
    setenv("TMPDIR", "/nonexistent/honest", 1);
    errno = 0;
    HN_CHECK_EQ(hn__platform_tmpfile("honest-selftest"), -1);
    HN_CHECK_EQ(errno, ENOENT);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(platform, remap_grows_a_mapping_and_keeps_its_contents)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                            -1, 0);
    HN_ASSERT(p != MAP_FAILED);
    for (size_t i = 0; i < page; i++)
        p[i] = (unsigned char)(i * 7);
    unsigned char *q = hn__platform_remap(p, page, 4 * page);
    HN_ASSERT(q != MAP_FAILED);
    size_t same = 0;
    for (size_t i = 0; i < page; i++)
        same += q[i] == (unsigned char)(i * 7);
    HN_CHECK_EQ(same, page);
    q[4 * page - 1] = 42; /* the new pages are writable */
    HN_CHECK_EQ(q[4 * page - 1], 42);
    munmap(q, 4 * page);
}

HN_TEST(platform, signals_drain_tells_sigchld_from_a_stop)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGUSR1);
    HN_ASSERT_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
    int fd = hn__platform_signals_open(&set);
    HN_ASSERT_GE(fd, 0);
    HN_CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    HN_CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    HN_CHECK_EQ(hn__platform_signals_drain(fd), 0); /* nothing pending */
    raise(SIGCHLD);
    HN_CHECK_EQ(hn__platform_signals_drain(fd), 0);
    raise(SIGUSR1);
    raise(SIGCHLD);
    HN_CHECK_EQ(hn__platform_signals_drain(fd), 1);
    HN_CHECK_EQ(hn__platform_signals_drain(fd), 0); /* all read */
    close(fd);
}

HN_TEST(platform, stream_pending_sees_buffered_output)
{
    FILE *f = fopen("/dev/null", "w");
    HN_ASSERT_NOT_NULL(f);
    static char buf[BUFSIZ];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    HN_CHECK_EQ(hn__platform_stream_pending(f), 0);
    fputs("held", f);
    HN_CHECK_EQ(hn__platform_stream_pending(f), 1);
    fflush(f);
    HN_CHECK_EQ(hn__platform_stream_pending(f), 0);
    fclose(f);
}

static int exit_pipe = -1;

static void report_status(int status, void *arg)
{
    char line[32];
    int n = snprintf(line, sizeof line, "%s %d", (const char *)arg, status);
    (void)!write(exit_pipe, line, (size_t)n);
}

HN_TEST(platform, on_exit_runs_with_the_exit_status)
{
    int fds[2];
    HN_ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        exit_pipe = fds[1];
        if (hn__platform_on_exit(report_status, "status") != 0)
            _exit(99);
        exit(7);
    }
    close(fds[1]);
    char got[32] = "";
    HN_CHECK_GT(read(fds[0], got, sizeof got - 1), 0);
    close(fds[0]);
    int status;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    HN_CHECK_STR_EQ(got, "status 7");
}

HN_TEST(platform, die_with_parent_ends_an_orphan)
{
    /* The test process adopts orphans, so that it sees how the grandchild ends. */
    HN_ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    int fds[2];
    HN_ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    HN_ASSERT_GE(child, 0);
    if (child == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            if (hn__platform_die_with_parent(SIGUSR2) != 0)
                _exit(99);
            (void)!write(fds[1], "r", 1);
            for (;;)
                pause();
        }
        char c;
        (void)!read(fds[0], &c, 1); /* the grandchild asked: now leave it */
        _exit(grandchild > 0 ? 0 : 1);
    }
    close(fds[1]);
    int status;
    HN_ASSERT_EQ(waitpid(child, &status, 0), child);
    HN_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    pid_t orphan = waitpid(-1, &status, 0); /* the grandchild, adopted */
    HN_CHECK_GT(orphan, 0);
    HN_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR2);
    close(fds[0]);
}

HN_TEST(platform, configuring_for_another_system_fails_clearly)
{
    char *dir = st_tmpdir();
    HN_ASSERT_NOT_NULL(dir);
    st_proc p;
    const char *argv[] = {ST_CMAKE, "-S", ST_SRC_DIR, "-B", dir, "-DCMAKE_SYSTEM_NAME=FreeBSD",
                          NULL};
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.timeout_ms = 60000}), 0);
    HN_CHECK_NE(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.err, "honest runs on Linux only (x86-64 and AArch64, with glibc;");
    HN_CHECK_STR_CONTAINS(p.err, "and this is FreeBSD");
    HN_CHECK(strstr(p.err, "error:") == NULL); /* no compiler error: the check comes first */
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}
