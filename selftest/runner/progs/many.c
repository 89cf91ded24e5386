/* SPDX-License-Identifier: MIT */
/* many.c: selftest subject for --jobs: four tests that print many lines
 * while they wait for each other (a rendezvous through files in $RT_DIR), so
 * they pass only when all four run at the same time. */
#include <honest.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PARTIES 4
#define LINES 300

static int present(const char *dir)
{
    char path[4096];
    int n = 0;
    for (int i = 0; i < PARTIES; i++) {
        snprintf(path, sizeof path, "%s/party%d", dir, i);
        n += access(path, F_OK) == 0;
    }
    return n;
}

static void party(int me)
{
    const char *dir = getenv("RT_DIR");
    char path[4096];
    HN_ASSERT_NOT_NULL(dir);
    snprintf(path, sizeof path, "%s/party%d", dir, me);
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    HN_ASSERT_GE(fd, 0);
    close(fd);
    int line = 0, seen = 0;
    /* Print while waiting, up to 10 s, for the other parties to arrive. */
    for (int round = 0; round < 10000 && (seen = present(dir)) < PARTIES; round++) {
        if (line < LINES) {
            printf("party%d line %d\n", me, line++);
            fflush(stdout);
        }
        usleep(1000);
    }
    while (line < LINES) {
        printf("party%d line %d\n", me, line++);
        fflush(stdout);
    }
    HN_ASSERT_EQ(seen, PARTIES);
}

HN_TEST(many, party0)
{
    party(0);
}

HN_TEST(many, party1)
{
    party(1);
}

HN_TEST(many, party2)
{
    party(2);
}

HN_TEST(many, party3)
{
    party(3);
}
