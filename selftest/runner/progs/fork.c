/* SPDX-License-Identifier: MIT */
/* fork.c: selftest subject whose tests fork: a child that sleeps long after
 * the test ended (it must not hang the runner), and a child that returns
 * through the runner's frames (it must not report twice). */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* The sleeping child writes its pid to $RT_PIDFILE so that the selftest can
 * check that the runner killed it. */
HN_TEST(fork, child_sleeps)
{
    int ready[2];
    HN_ASSERT_EQ(pipe(ready), 0);
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        const char *path = getenv("RT_PIDFILE");
        FILE *f = path ? fopen(path, "w") : NULL;
        if (f) {
            fprintf(f, "%d\n", (int)getpid());
            fclose(f);
        }
        printf("child sleeping\n");
        fflush(stdout);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        sleep(30);
        _exit(0);
    }
    /* The test ends once its child is up and sleeping. */
    char c;
    HN_ASSERT_EQ(read(ready[0], &c, 1), 1);
}

HN_TEST(fork, child_returns)
{
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0)
        return;
    int status = 0;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_ASSERT(WIFEXITED(status));
    HN_ASSERT_EQ(WEXITSTATUS(status), 0);
}

HN_TEST(fork, after)
{
    HN_ASSERT(1);
}
