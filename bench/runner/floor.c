/* SPDX-License-Identifier: MIT */
/* floor.c: the cost floor of process-per-test isolation: N times fork, run one
 * trivial test in the child, _exit, waitpid (or fork + exec of a program). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int value;

/* The test every framework runs: one integer equality. */
static int trivial_test(int i)
{
    value = i;
    return value == i ? 0 : 1;
}

/* Runs test i in a child; returns 1 when the child exited with status 0. */
static int run_one(int i, char *const exec_argv[])
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("floor: fork");
        exit(2);
    }
    if (pid == 0) {
        if (exec_argv) {
            execv(exec_argv[0], exec_argv);
            _exit(127);
        }
        _exit(trivial_test(i));
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        perror("floor: waitpid");
        exit(2);
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "fork") != 0 && strcmp(argv[1], "exec") != 0) ||
        (strcmp(argv[1], "exec") == 0 && argc != 4)) {
        fprintf(stderr, "usage: floor fork N | floor exec N PROGRAM\n");
        return 2;
    }
    int n = atoi(argv[2]);
    char *exec_argv[] = {argc == 4 ? argv[3] : NULL, NULL};
    int passed = 0;
    for (int i = 0; i < n; i++)
        passed += run_one(i, argc == 4 ? exec_argv : NULL);
    printf("%d passed, %d failed, 0 skipped\n", passed, n - passed);
    return passed == n ? 0 : 1;
}
