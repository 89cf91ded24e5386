/* SPDX-License-Identifier: MIT */
/* cmocka_run.c: cmocka_run_group_tests under honest's runner. Each call makes
 * the group's tests honest tests (suite: the group's name), runs them with
 * the program's own command line (read from /proc/self/cmdline, so honest's
 * flags work on a program that keeps its main), then forgets them. The group
 * setup runs once before the run, in this process, so every test process
 * starts from its state; the group teardown runs once after. */
#include <honest/cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <honest/test.h>

#include "base/sys.h"
#include "compat/cmocka_impl.h"
#include "core/context.h"
#include "core/instance.h"
#include "runner/registry.h"
#include "runner/runner.h"

#define MAX_EXTRA 4

/* The program's arguments, and the flags cmocka_set_* add after argv[0]. */
static int argc_saved;
static char **argv_saved;
static char *extra[MAX_EXTRA];
static char *test_filter, *skip_filter;
static enum cm_message_output output_chosen = CM_OUTPUT_STDOUT;

/* An entry of a group by the address of its name. */
typedef struct {
    const char *name;
    size_t i;
} by_name;

/* The group being run, as every test process inherits it. */
static struct {
    const char *name;
    const struct CMUnitTest *tests;
    size_t n;
    by_name *index; /* the tests sorted by the address of their names */
    void *state;
    int setup_rc;
    int setup_failed; /* an assertion failed inside the group setup */
} group;

/* The running test's entry and its `void *state` are cells of the test's
 * context (hn__ctx_cell): written in each test process, a member of group
 * would be a page of this file's data copied for it, a page fault a test. */
HN__TEST_PATH static const struct CMUnitTest *cur(void)
{
    return (const struct CMUnitTest *)*hn__ctx_cell(HN__CELL_CMOCKA_TEST);
}

HN__TEST_PATH static void **cur_state(void)
{
    return hn__ctx_cell(HN__CELL_CMOCKA_STATE);
}

/* Reads the command line once, before main: cmocka_run_group_tests has no
 * argv of its own. Without /proc, the program runs with no flags. */
__attribute__((constructor)) static void save_argv(void)
{
    static char fallback[] = "cmocka-program";
    static char *none[] = {fallback, NULL};
    argc_saved = 1;
    argv_saved = none;
    FILE *f = fopen("/proc/self/cmdline", "rb");
    if (!f)
        return;
    char *text = NULL;
    size_t len = 0, cap = 0;
    int c;
    while ((c = fgetc(f)) != EOF) {
        if (len + 2 > cap) {
            char *grown = realloc(text, cap = cap ? cap * 2 : 256);
            if (!grown) {
                free(text);
                fclose(f);
                return;
            }
            text = grown;
        }
        text[len++] = (char)c;
    }
    fclose(f);
    if (!text)
        return;
    text[len] = '\0';
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\0';
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (!v) {
        free(text);
        return;
    }
    for (size_t i = 0, k = 0; i < len && (int)k < n; k++) {
        v[k] = text + i;
        i += strlen(text + i) + 1;
    }
    argc_saved = n;
    argv_saved = v; /* kept for the life of the program */
}

static void set_flag(char **slot, const char *fmt, const char *pattern)
{
    free(*slot);
    *slot = NULL;
    if (!pattern)
        return;
    size_t n = strlen(fmt) + strlen(pattern) + 1;
    if ((*slot = malloc(n)) != NULL)
        snprintf(*slot, n, fmt, pattern);
}

void cmocka_set_test_filter(const char *pattern)
{
    free(test_filter);
    test_filter = pattern ? strdup(pattern) : NULL;
}

void cmocka_set_skip_filter(const char *pattern)
{
    free(skip_filter);
    skip_filter = pattern ? strdup(pattern) : NULL;
}

void cmocka_set_message_output(enum cm_message_output output)
{
    output_chosen = output;
}

/* The output of the run: CMOCKA_MESSAGE_OUTPUT (stdout, subunit, tap or
 * xml, any case) wins over cmocka_set_message_output, as in cmocka. */
static enum cm_message_output output_of_run(void)
{
    static const char *const names[] = {"stdout", "subunit", "tap", "xml"};
    static const enum cm_message_output outputs[] = {CM_OUTPUT_STDOUT, CM_OUTPUT_SUBUNIT,
                                                     CM_OUTPUT_TAP, CM_OUTPUT_XML};
    const char *env = getenv("CMOCKA_MESSAGE_OUTPUT");
    for (size_t i = 0; env && i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(env, names[i]))
            return outputs[i];
    return output_chosen;
}

/* cmocka's filters match a test's name; honest's, "group.name". A filter
 * that names a test listed more than once selects every entry, as in cmocka:
 * the repeats are "name/2", "name/3" (entry_names). */
static void filter_flag(void)
{
    char pattern[2048] = "";
    if (test_filter)
        snprintf(pattern, sizeof pattern, "*.%s:*.%s/[0-9]*", test_filter, test_filter);
    if (skip_filter)
        snprintf(pattern + strlen(pattern), sizeof pattern - strlen(pattern),
                 "%s-*.%s:-*.%s/[0-9]*", test_filter ? ":" : "", skip_filter, skip_filter);
    set_flag(&extra[0], "--filter=%s", pattern[0] ? pattern : NULL);
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const by_name *)a)->name;
    uintptr_t y = (uintptr_t)((const by_name *)b)->name;
    return x < y ? -1 : x > y;
}

/* The entry of the running test: the runner hands a test process a copy of
 * its descriptor, whose name is the entry's own string. A binary search of
 * the index made before the run: every test process looks once, and a
 * linear search read the whole group in each (about 27 us of CPU a test at
 * 10,000 tests; docs/performance.md). It and the test's setup, body and
 * teardown run in every test process: they sit with the test path. */
HN__TEST_PATH static const struct CMUnitTest *running(void)
{
    const hn__instance *in = hn__ctx_instance();
    if (!in || !group.index)
        return NULL;
    /* Written out rather than bsearch: the C library's would be bound
     * lazily in each test process (the program's table of addresses
     * written: a page copied) and its code a window more to fault in. */
    uintptr_t want = (uintptr_t)in->test->name;
    size_t lo = 0, hi = group.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uintptr_t at = (uintptr_t)group.index[mid].name;
        if (at == want)
            return &group.tests[group.index[mid].i];
        if (at < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static void group_setup_call(void *fn)
{
    group.setup_rc = (*(CMFixtureFunction *)fn)(&group.state);
}

/* Runs the group setup as cmocka does: a failed assertion inside it fails
 * the group's tests (status 1), as a setup that returns non-zero does,
 * instead of ending the program. */
static void run_group_setup(CMFixtureFunction fn)
{
    if (hn__ctx_guarded(group_setup_call, &fn))
        group.setup_failed = 1;
}

HN__TEST_PATH static void setup(void)
{
    const hn__instance *in = hn__ctx_instance();
    const struct CMUnitTest *t = running();
    *hn__ctx_cell(HN__CELL_CMOCKA_TEST) = (void *)(uintptr_t)t;
    if (!t)
        hn__fail(in->test->file, in->test->line, "no cmocka test named %s in group %s",
                 in->test->name, group.name);
    if (group.setup_failed)
        hn__fail(in->test->file, in->test->line,
                 "the group setup of %s failed an assertion (its message is on standard "
                 "error, before the run), so its tests do not run",
                 group.name);
    if (group.setup_rc)
        hn__fail(in->test->file, in->test->line,
                 "the group setup of %s returned %d, so its tests do not run",
                 group.name, group.setup_rc);
    /* As cmocka: the group's state, else the test's initial state. */
    *cur_state() = group.state ? group.state : t->initial_state;
    if (t->setup_func) {
        int rc = t->setup_func(cur_state());
        if (rc)
            hn__fail(in->test->file, in->test->line,
                     "the setup of %s returned %d, so the test did not run", t->name, rc);
    }
}

HN__TEST_PATH static void body(const void *param)
{
    (void)param;
    cur()->test_func(cur_state());
}

HN__TEST_PATH static void teardown(void)
{
    const struct CMUnitTest *t = cur();
    if (!t || !t->teardown_func)
        return;
    int rc = t->teardown_func(cur_state());
    if (rc) {
        const hn__instance *in = hn__ctx_instance();
        hn__ctx_fail(0, in->test->file, in->test->line, "the teardown of %s returned %d",
                     t->name, rc);
    }
}

static int groups_run;

/* A report file of a group after the first: FILE with ".GROUP" before its
 * extension (report.json, report.shared.json), so that no group's report
 * overwrites another's. Returns a malloc'd "--flag=path", or NULL. */
static char *group_file(const char *flag, const char *path, const char *group_name)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
    size_t n = strlen(flag) + strlen(path) + strlen(group_name) + 3;
    char *a = malloc(n);
    if (a)
        snprintf(a, n, "%s=%.*s.%s%s", flag, (int)stem, path, group_name, path + stem);
    return a;
}

/* --tap, or --junit=FILE for xml when CMOCKA_XML_FILE names the file: "%g"
 * in it becomes the group's name, as in cmocka; without "%g", a group after
 * the first has its file named after it, as for --junit. */
static void output_flags(const char *group_name)
{
    enum cm_message_output out = output_of_run();
    set_flag(&extra[1], "%s", out == CM_OUTPUT_TAP ? "--tap" : NULL);
    set_flag(&extra[2], "%s", NULL);
    const char *xml = getenv("CMOCKA_XML_FILE");
    if (out != CM_OUTPUT_XML || !xml || !*xml)
        return;
    const char *g = strstr(xml, "%g");
    if (g) {
        char path[4096];
        snprintf(path, sizeof path, "%.*s%s%s", (int)(g - xml), xml, group_name, g + 2);
        set_flag(&extra[2], "--junit=%s", path);
    } else if (groups_run > 0) {
        extra[2] = group_file("--junit", xml, group_name);
    } else {
        set_flag(&extra[2], "--junit=%s", xml);
    }
}

/* The command line of this group's run: argv[0], our flags, the rest. The
 * strings it makes are added to *owned (freed by the caller). */
static char **run_argv(int *argc, const char *group_name, char **owned, int *nowned)
{
    static const char *const files[] = {"--json", "--junit"};
    filter_flag();
    output_flags(group_name);
    char **v = calloc((size_t)argc_saved + MAX_EXTRA + 1, sizeof *v);
    if (!v)
        return NULL;
    int n = 0;
    v[n++] = argv_saved[0];
    for (int i = 0; i < MAX_EXTRA; i++)
        if (extra[i])
            v[n++] = extra[i];
    for (int i = 1; i < argc_saved; i++) {
        v[n++] = argv_saved[i];
        for (int k = 0; k < 2 && groups_run > 0 && *nowned < 2; k++) {
            size_t len = strlen(files[k]);
            const char *path = NULL;
            if (!strncmp(argv_saved[i], files[k], len) && argv_saved[i][len] == '=')
                path = argv_saved[i] + len + 1;
            else if (!strcmp(argv_saved[i], files[k]) && i + 1 < argc_saved)
                path = argv_saved[++i];
            char *a = path ? group_file(files[k], path, group_name) : NULL;
            if (a)
                v[n - 1] = owned[(*nowned)++] = a;
        }
    }
    *argc = n;
    return v;
}

/* --help, --version, usage errors and an interrupted run end the program
 * after the group: the message is said once, and Ctrl-C stops the program. */
static int said_enough(int argc, char **argv, int rc)
{
    if (rc == 2 || hn__runner_interrupted())
        return 1;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
            !strcmp(argv[i], "--version"))
            return 1;
    return 0;
}

/* The last --filter of argv, or NULL. */
static const char *filter_of(int argc, char **argv)
{
    const char *f = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--filter=", 9))
            f = argv[i] + 9;
        else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
            f = argv[++i];
    }
    return f;
}

/* 1 when a filter is given and selects none of the registered tests. */
static int filtered_out(int argc, char **argv)
{
    const char *f = filter_of(argc, argv);
    hn__registry r = {0};
    if (!f || hn__registry_build(&r) != 0)
        return 0;
    hn__registry_filter(&r, f);
    int none = r.count == 0;
    hn__registry_free(&r);
    return none;
}

/* When a filter left every group out, the program still closes as a run of
 * honest does (CTest's discovery treats that line as "no such test"). */
static void close_if_none(void)
{
    if (!groups_run)
        printf("0 passed, 0 failed, 0 skipped\n");
}

static void free_names(const char **names, char **made, int nmade)
{
    for (int i = 0; i < nmade; i++)
        free(made[i]);
    free(made);
    free(names);
}

/* Orders entries of a group by name, then by place in the group. */
static const struct CMUnitTest *sorting;
static int by_entry_name(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sorting[x].name, sorting[y].name);
    return c ? c : x < y ? -1 : x > y;
}

/* The name of each entry of a group. cmocka lets a group list a test more
 * than once (its own test_fixtures.c runs one four times); honest names
 * need to differ, so the second entry of a name is "name/2", the third
 * "name/3" (the first keeps its name, as HN_TEST_P names cases
 * "name/INDEX"). Fills names[0..n) and returns the number of the strings
 * made (in made[], freed by the caller), or -1 when out of memory. */
static int entry_names(const struct CMUnitTest *tests, size_t n, const char **names,
                       char **made)
{
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        names[i] = tests[i].name;
    }
    sorting = tests;
    qsort(order, n, sizeof *order, by_entry_name);
    int nmade = 0;
    for (size_t i = 1, k = 2; i < n; i++) {
        if (strcmp(tests[order[i]].name, tests[order[i - 1]].name)) {
            k = 2;
            continue;
        }
        size_t len = strlen(tests[order[i]].name) + 24;
        char *name = malloc(len);
        if (!name) {
            free(order);
            return -1;
        }
        snprintf(name, len, "%s/%zu", tests[order[i]].name, k++);
        names[order[i]] = made[nmade++] = name;
    }
    free(order);
    return nmade;
}

int hn_cmocka_run_group(const char *group_name, const struct CMUnitTest *tests, size_t n,
                        CMFixtureFunction group_setup, CMFixtureFunction group_teardown,
                        const char *file, int line)
{
    hn__cm_queues_linked();
    hn_test *t = calloc(n ? n : 1, sizeof *t);
    hn_suite *s = calloc(1, sizeof *s); /* stays registered: not freed */
    int argc = 0, nowned = 0;
    char *owned[2] = {NULL, NULL};
    char **argv = run_argv(&argc, group_name, owned, &nowned);
    by_name *index = malloc((n ? n : 1) * sizeof *index);
    const char **names = malloc((n ? n : 1) * sizeof *names);
    char **made = malloc((n ? n : 1) * sizeof *made);
    int nmade = names && made ? entry_names(tests, n, names, made) : -1;
    if (!t || !s || !argv || !index || nmade < 0) {
        fputs("honest: out of memory starting a cmocka group\n", stderr);
        return 2;
    }
    s->name = group_name;
    s->opts.setup = setup;
    s->opts.teardown = teardown;
    hn__suite_register(s);
    for (size_t i = 0; i < n; i++) {
        t[i].suite = group_name;
        t[i].name = names[i];
        t[i].file = tests[i].hn_file ? tests[i].hn_file : file;
        t[i].line = tests[i].hn_file ? tests[i].hn_line : line;
        t[i].fn = body;
        hn__test_register(&t[i]);
    }
    /* A group the filter leaves out is passed over quietly: a program of
     * several groups run for one test (CTest) prints one report. */
    if (filtered_out(argc, argv)) {
        static int hooked;
        if (!hooked++)
            atexit(close_if_none);
        hn__registry_release_list();
        free(argv);
        free(owned[0]);
        free(owned[1]);
        free(t);
        free(index);
        free_names(names, made, nmade);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        index[i] = (by_name){names[i], i};
    qsort(index, n, sizeof *index, by_address);
    groups_run++;
    group.name = group_name;
    group.tests = tests;
    group.n = n;
    group.index = index;
    group.state = NULL;
    /* --list runs nothing: neither does the group's setup. */
    int listing = 0;
    for (int i = 1; i < argc; i++)
        listing |= !strcmp(argv[i], "--list");
    group.setup_rc = 0;
    group.setup_failed = 0;
    if (group_setup && !listing)
        run_group_setup(group_setup);
    int rc = hn__runner_main(argc, argv);
    hn__registry_release_list();
    group.index = NULL;
    free(index);
    if (group_teardown && group.setup_rc == 0 && !group.setup_failed && !listing)
        group_teardown(&group.state);
    if (said_enough(argc, argv, rc)) {
        fflush(NULL);
        exit(rc);
    }
    free(argv);
    free(owned[0]);
    free(owned[1]);
    free(t);
    free_names(names, made, nmade);
    return rc;
}
