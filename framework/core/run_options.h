/* SPDX-License-Identifier: MIT */
/* run_options.h: the options of one run of a test binary, as every component
 * reads them (hn__ctx_options); the runner fills them (runner/options.c). */
#ifndef HN_RUN_OPTIONS_H
#define HN_RUN_OPTIONS_H

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
    const char *record_base; /* --record-base=NAME[,NAME...] or HN_RECORD_BASE */
    const char *audit;     /* --audit=FILE, made absolute at start; NULL: none */
    int variants;          /* --variants[=KINDS] or --variant=ID */
    uint32_t variant_kinds; /* --variants=KINDS as a mask of 1 << hn__vkind */
    int variants_max;      /* --variants-max=N per test, 0: no bound */
    const char *variant;   /* --variant=ID: replay this one variant */
} hn__options;

#endif
