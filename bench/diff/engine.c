/* SPDX-License-Identifier: MIT */
/* engine.c: times honest's differ in-process, as bench.py times DeepDiff:
 * from the two files' text in memory to the list of differences (parse
 * both, compare), repeated; prints the median wall and CPU seconds and
 * the number of differences. */
#include <honest.h>
#include <honest/diff.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: engine A B REPS [--unordered]\n");
        return 2;
    }
    char *a = slurp(argv[1]), *b = slurp(argv[2]);
    int reps = atoi(argv[3]);
    if (!a || !b || reps < 1) {
        fprintf(stderr, "engine: cannot read the inputs\n");
        return 2;
    }
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    if (argc > 4 && !strcmp(argv[4], "--unordered"))
        hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_UNORDERED, NULL, NULL);
    double *t = calloc((size_t)reps, sizeof *t), *cpu = calloc((size_t)reps, sizeof *cpu);
    size_t count = 0;
    for (int i = 0; i < reps; i++) {
        double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        hn_diff_error err;
        hn_diff *d = hn_diff_text(a, b, o, &err);
        t[i] = now(CLOCK_MONOTONIC) - t0;
        cpu[i] = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (!d) {
            fprintf(stderr, "engine: %s\n", err.text);
            return 2;
        }
        count = hn_diff_count(d);
        hn_diff_free(d);
    }
    qsort(t, (size_t)reps, sizeof *t, by_value);
    qsort(cpu, (size_t)reps, sizeof *cpu, by_value);
    printf("%.9f %.9f %zu\n", t[reps / 2], cpu[reps / 2], count);
    free(t);
    free(cpu);
    hn_diff_opts_free(o);
    free(a);
    free(b);
    return 0;
}
