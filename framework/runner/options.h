/* SPDX-License-Identifier: MIT */
/* options.h: the options of one run of a test binary, from its command line
 * and environment (sharding variables, NO_COLOR). */
#ifndef HN_OPTIONS_H
#define HN_OPTIONS_H

#include <stdint.h>

typedef enum hn__color { HN__COLOR_AUTO, HN__COLOR_ALWAYS, HN__COLOR_NEVER } hn__color;
typedef enum hn__record { HN__RECORD_NONE, HN__RECORD_MISSING, HN__RECORD_ALL } hn__record;

typedef struct hn__options {
    int list;              /* --list */
    const char *filter;    /* --filter=GLOB, NULL: all */
    int jobs;              /* --jobs=N, >= 1 */
    int no_fork;           /* --no-fork */
    int timeout_ms;        /* --timeout=MS, 0: none */
    int shuffle;           /* --shuffle */
    uint64_t seed;         /* --seed=N, or drawn at start */
    int seed_given;
    int repeat;            /* --repeat=N, >= 1 */
    int fail_fast;         /* --fail-fast */
    int tap;               /* --tap */
    const char *junit;     /* --junit=FILE (or XML_OUTPUT_FILE) */
    const char *json;      /* --json=FILE */
    int shard_index;       /* --shard=I/N or the environment */
    int shard_count;       /* 0: no sharding */
    const char *shard_status_file; /* TEST_SHARD_STATUS_FILE */
    hn__color color;       /* --color */
    int use_color;         /* resolved: colour on stdout */
    int progress;          /* resolved: live progress line on stdout */
    int strict;            /* --strict */
    int show_output;       /* --show-output: captured output of passing tests too */
    int live;              /* --live */
    hn__record record;     /* --record */
    const char *fixtures;  /* --fixtures=DIR */
} hn__options;

/* Fills o from argv and the environment. Returns 0 on success, 1 when the
 * run should stop with status 0 (--help, --version), and 2 on a usage error,
 * after printing a one-line message naming the flag and the usage to stderr. */
int hn__options_parse(hn__options *o, int argc, char **argv);
/* Prints the usage of a test binary to f. */
void hn__options_usage(void *f, const char *argv0);

#endif
