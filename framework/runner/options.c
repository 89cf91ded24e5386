/* SPDX-License-Identifier: MIT */
/* options.c: the command line and environment of a test binary. */
#include "runner/options.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <honest.h>

#include "base/term.h"
#include "base/timing.h"

#include "variants/variants.h"

static const char usage_text[] =
    "usage: %s [OPTIONS]\n"
    "\n"
    "Selecting tests:\n"
    "  --list                 print the names of the tests (suite.name) and exit\n"
    "  --filter=GLOB          run tests whose name matches; GLOB:GLOB for several,\n"
    "                         -GLOB to exclude (e.g. 'net.*:-net.slow')\n"
    "  --shard=I/N            run shard I (0-based) of N; also GTEST_TOTAL_SHARDS,\n"
    "                         GTEST_SHARD_INDEX, TEST_TOTAL_SHARDS, TEST_SHARD_INDEX\n"
    "Running:\n"
    "  --jobs=N               run N tests at a time (default: number of CPUs)\n"
    "  --no-fork              run tests in this process (for debuggers, valgrind)\n"
    "  --timeout=MS           default time limit of a test (default: none)\n"
    "  --shuffle              run tests in random order (the seed is printed)\n"
    "  --seed=N               seed for --shuffle and every random choice\n"
    "  --repeat=N             run the selected tests N times\n"
    "  --fail-fast            stop starting tests after the first failure\n"
    "  --strict               tests that assert nothing, stale fixtures and\n"
    "                         unused doubles fail\n"
    "Reporting:\n"
    "  --tap                  TAP version 13 on standard output\n"
    "  --junit=FILE           JUnit XML report (also XML_OUTPUT_FILE)\n"
    "  --json=FILE            JSON report\n"
    "  --color=auto|always|never  colour on standard output (NO_COLOR honoured)\n"
    "  --show-output          show captured output of passing tests too\n"
    "  --audit=FILE           record what each double and fixture did in each\n"
    "                         test, for `honest audit` (JSON lines)\n"
    "Fixtures:\n"
    "  --fixtures=DIR         resolve relative fixture paths against DIR first\n"
    "  --live                 answer fixture-backed HTTP doubles from live endpoints\n"
    "  --record=none|missing|all  record fixtures from live endpoints (default none)\n"
    "  --record-base=NAME[,NAME]  a recorded URL that starts with the value of\n"
    "                         environment variable NAME is written ${NAME}/...\n"
    "                         (also HN_RECORD_BASE)\n"
    "Variants (docs/variants.md):\n"
    "  --variants[=KINDS]     after each passing fixture-backed test, run it once per\n"
    "                         mutation of one place of one fixture's response;\n"
    "                         KINDS: comma-separated kinds (default all)\n"
    "  --variants-max=N       at most N variants per test, a seeded sample\n"
    "  --variant=ID           replay the one variant ID names (as --variants prints it)\n"
    "Other:\n"
    "  --help                 this text\n"
    "  --version              honest's version\n"
    "\n"
    "Exit status: 0 all passed, 1 a test failed, 2 usage error.\n";

/* Prints the usage of a test binary to f. */
static void options_usage(void *f, const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    fprintf(f, usage_text, slash ? slash + 1 : argv0);
}

static int bad(const char *argv0, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "honest: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    options_usage(stderr, argv0);
    return 2;
}

/* Parses a decimal integer in [lo, hi]; returns 0 on success. */
static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static int parse_shard(const char *s, int *index, int *count)
{
    long long i, n;
    const char *slash = strchr(s, '/');
    char head[32];
    if (!slash || (size_t)(slash - s) >= sizeof head)
        return -1;
    memcpy(head, s, (size_t)(slash - s));
    head[slash - s] = '\0';
    if (parse_int(head, 0, INT_MAX, &i) || parse_int(slash + 1, 1, INT_MAX, &n) || i >= n)
        return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

static uint64_t random_seed(void)
{
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
        seed = (uint64_t)hn__timing_wall_s() ^ ((uint64_t)getpid() << 32);
    return seed % 1000000000u; /* short enough to type back */
}

/* The environment's sharding (GoogleTest's, then Bazel's variables). */
static int shard_env(hn__options *o, const char *argv0)
{
    static const char *const pairs[][2] = {
        {"GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX"},
        {"TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX"},
    };
    for (int k = 0; k < 2; k++) {
        const char *total = getenv(pairs[k][0]), *index = getenv(pairs[k][1]);
        long long n, i;
        if (!total || !*total)
            continue;
        if (parse_int(total, 1, INT_MAX, &n))
            return bad(argv0, "%s must be a positive integer, got '%s'", pairs[k][0], total);
        if (!index || parse_int(index, 0, n - 1, &i))
            return bad(argv0, "%s must be an integer from 0 to the shard count minus 1, got '%s'",
                       pairs[k][1], index ? index : "(unset)");
        o->shard_count = (int)n;
        o->shard_index = (int)i;
        return 0;
    }
    return 0;
}

static void defaults(hn__options *o)
{
    memset(o, 0, sizeof *o);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = cpus > 0 ? (int)cpus : 1;
    o->repeat = 1;
    o->color = HN__COLOR_AUTO;
    o->record = HN__RECORD_NONE;
    const char *xml = getenv("XML_OUTPUT_FILE");
    if (xml && *xml)
        o->junit = xml;
    const char *status = getenv("TEST_SHARD_STATUS_FILE");
    if (status && *status)
        o->shard_status_file = status;
    const char *base = getenv("HN_RECORD_BASE");
    if (base && *base)
        o->record_base = base;
}

/* path made absolute against the directory the run starts in (malloc'd,
 * kept for the run), or path itself when it is absolute or NULL: a test may
 * change directory (with --no-fork, the run's own), and the report files and
 * fixtures must not move with it. */
static const char *absolute(const char *path)
{
    char cwd[PATH_MAX], *abs = NULL;
    if (!path || path[0] == '/' || !getcwd(cwd, sizeof cwd))
        return path;
    return asprintf(&abs, "%s/%s", cwd, path) < 0 ? path : abs;
}

static void resolve(hn__options *o)
{
    o->junit = absolute(o->junit);
    o->json = absolute(o->json);
    o->fixtures = absolute(o->fixtures);
    const char *term = getenv("TERM");
    int tty = isatty(1);
    o->use_color = hn__color_use((int)o->color, 1);
    o->progress = tty && !o->tap && !getenv("CI") && !(term && !strcmp(term, "dumb"));
    if (o->no_fork)
        o->jobs = 1;
    if (!o->seed_given)
        o->seed = random_seed();
}

/* Matches "--name=value" or "--name value"; sets *value and may consume the
 * next argument. Returns 1 on a match, 0 otherwise, -1 when the value is
 * missing. */
static int valued(const char *name, int argc, char **argv, int *i, const char **value)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

typedef struct flag {
    const char *name;
    int offset; /* into hn__options, of an int set to 1 */
} flag;

#define FLAG(n, f) {n, (int)offsetof(hn__options, f)}
static const flag flags[] = {
    FLAG("--list", list),       FLAG("--no-fork", no_fork),     FLAG("--shuffle", shuffle),
    FLAG("--fail-fast", fail_fast), FLAG("--tap", tap),         FLAG("--strict", strict),
    FLAG("--show-output", show_output), FLAG("--live", live),
};

static int word(const char *v, const char *const *words, int count)
{
    for (int k = 0; k < count; k++)
        if (!strcmp(v, words[k]))
            return k;
    return -1;
}

/* Handles one option taking a value; returns 0, 2 on error, -1 if unknown. */
static int valued_option(hn__options *o, int argc, char **argv, int *i)
{
    static const char *const records[] = {"none", "missing", "all"};
    const char *v = NULL, *a0 = argv[0], *arg = argv[*i];
    long long n;
    int m;
#define TRY(name) ((m = valued(name, argc, argv, i, &v)) < 0 ? (v = NULL, 1) : m)
    if (TRY("--filter")) {
        if (!v)
            return bad(a0, "%s needs a glob such as 'suite.*'%s", "--filter", "");
        o->filter = v;
    } else if (TRY("--jobs")) {
        if (!v || parse_int(v, 1, 4096, &n))
            return bad(a0, "%s needs a number of jobs from 1 to 4096, got '%s'", "--jobs", v ? v : "");
        o->jobs = (int)n;
    } else if (TRY("--timeout")) {
        if (!v || parse_int(v, 0, INT_MAX, &n))
            return bad(a0, "%s needs milliseconds as a non-negative integer%s", "--timeout", "");
        o->timeout_ms = (int)n;
    } else if (TRY("--seed")) {
        if (!v || parse_int(v, 0, LLONG_MAX, &n))
            return bad(a0, "%s needs a non-negative integer%s", "--seed", "");
        o->seed = (uint64_t)n;
        o->seed_given = 1;
    } else if (TRY("--repeat")) {
        if (!v || parse_int(v, 1, INT_MAX, &n))
            return bad(a0, "%s needs a positive integer%s", "--repeat", "");
        o->repeat = (int)n;
    } else if (TRY("--junit")) {
        if (!v || !*v)
            return bad(a0, "%s needs a file name%s", "--junit", "");
        o->junit = v;
    } else if (TRY("--json")) {
        if (!v || !*v)
            return bad(a0, "%s needs a file name%s", "--json", "");
        o->json = v;
    } else if (TRY("--shard")) {
        if (!v || parse_shard(v, &o->shard_index, &o->shard_count))
            return bad(a0, "%s needs I/N with 0 <= I < N, got '%s'", "--shard", v ? v : "");
    } else if (TRY("--color")) {
        if (!v || (m = hn__color_word(v)) < 0)
            return bad(a0, "%s must be auto, always or never, got '%s'", "--color", v ? v : "");
        o->color = (hn__color)m;
    } else if (TRY("--record")) {
        if (!v || (m = word(v, records, 3)) < 0)
            return bad(a0, "%s must be none, missing or all, got '%s'", "--record", v ? v : "");
        o->record = (hn__record)m;
    } else if (TRY("--audit")) {
        if (!v || !*v)
            return bad(a0, "%s needs a file name%s", "--audit", "");
        /* Absolute, so that a test that changes directory appends to the
         * same file; the copy lives as long as the run. */
        char *abs = v[0] == '/' ? strdup(v) : NULL;
        char cwd[4096];
        if (v[0] != '/' && getcwd(cwd, sizeof cwd) && (abs = malloc(strlen(cwd) + strlen(v) + 2)))
            sprintf(abs, "%s/%s", cwd, v);
        if (!abs)
            return bad(a0, "%s=%s: cannot make the path absolute", "--audit", v);
        o->audit = abs;
    } else if (TRY("--variants-max")) {
        if (!v || parse_int(v, 1, INT_MAX, &n))
            return bad(a0, "%s needs a positive number of variants per test, got '%s'",
                       "--variants-max", v ? v : "");
        o->variants_max = (int)n;
    } else if (TRY("--variant")) {
        hn__variant_id id;
        char err[512];
        if (!v || hn__variant_id_parse(v, &id, err, sizeof err) != 0)
            return bad(a0, "--variant: %s%s", v ? err : "needs an id", "");
        hn__variant_id_free(&id);
        o->variant = v;
        o->variants = 1;
    } else if (TRY("--record-base")) {
        if (!v || !*v)
            return bad(a0, "%s needs the names of environment variables, such as API_BASE%s",
                       "--record-base", "");
        o->record_base = v;
    } else if (TRY("--fixtures")) {
        if (!v || !*v)
            return bad(a0, "%s needs a directory%s", "--fixtures", "");
        o->fixtures = v;
    } else {
        (void)arg;
        return -1;
    }
#undef TRY
    return 0;
}

int hn__options_parse(hn__options *o, int argc, char **argv)
{
    defaults(o);
    int rc = shard_env(o, argv[0]);
    if (rc)
        return rc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            options_usage(stdout, argv[0]);
            return 1;
        }
        if (!strcmp(a, "--version")) {
            printf("honest %s\n", HN_VERSION);
            return 1;
        }
        int known = 0;
        for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
            if (!strcmp(a, flags[k].name)) {
                *(int *)((char *)o + flags[k].offset) = 1;
                known = 1;
            }
        if (known)
            continue;
        if (!strcmp(a, "--variants") || !strncmp(a, "--variants=", 11)) {
            char err[512];
            if (hn__vkind_list_parse(a[10] ? a + 11 : "", &o->variant_kinds, err, sizeof err))
                return bad(argv[0], "--variants: %s%s", err, "");
            o->variants = 1;
            continue;
        }
        rc = valued_option(o, argc, argv, &i);
        if (rc > 0)
            return rc;
        if (rc < 0)
            return bad(argv[0], "unknown option '%s'%s", a, "");
    }
    resolve(o);
    return 0;
}
