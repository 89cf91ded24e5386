/* SPDX-License-Identifier: MIT */
/* diff_cli_test.c: the real `honest diff` run as a subprocess (exit status,
 * text, JSON, colour, errors), HN_ASSERT_JSON_EQ's messages in a real test
 * binary, and the examples of docs/diff.md run as written. */
#include <honest.h>
#include <honest/diff.h>

#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"

/* A scratch directory with files written from name/text pairs. */
static char *scratch(const char *const *files)
{
    char *dir = st_tmpdir();
    HN_ASSERT_NOT_NULL(dir);
    for (; files && files[0]; files += 2) {
        char *path = st_join(dir, files[0]);
        HN_ASSERT_EQ(st_write_file(path, files[1]), 0);
        free(path);
    }
    return dir;
}

/* Runs honest with args (NULL-terminated) in dir. */
static void honest(st_proc *p, const char *dir, const char *const *env, const char *input,
                   const char *const *args)
{
    const char *argv[32] = {ST_HONEST};
    size_t n = 1;
    for (; *args && n < 31; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    HN_ASSERT_EQ(st_run(p, argv, &(st_opts){.cwd = dir, .env = env, .input = input}), 0);
    HN_ASSERT_EQ(p->exited, 1);
}

#define HONEST(p, dir, ...) honest(p, dir, NULL, NULL, (const char *const[]){__VA_ARGS__, NULL})

static const char *const pair[] = {"a.json", "{\"a\": 1, \"b\": \"x\"}\n",
                                   "b.json", "{\"a\": \"1\", \"c\": [1, 2]}\n", NULL};

HN_TEST(diff_cli, equal_exits_0)
{
    char *dir = scratch(pair);
    st_proc p;
    HONEST(&p, dir, "diff", "a.json", "a.json");
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_ASSERT_STR_EQ(p.out, "no differences\n");
    HN_ASSERT_STR_EQ(p.err, "");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

/* `honest diff` never loads libcurl (curl_api.c loads it for verify and
 * record only): the tool starts in well under a millisecond. */
HN_TEST(diff_cli, does_not_load_libcurl)
{
    char *dir = scratch(pair);
    st_proc p;
    static const char *const env[] = {"LD_DEBUG=libs", NULL};
    honest(&p, dir, env, NULL, (const char *const[]){"diff", "a.json", "a.json", NULL});
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.err, "libc.so.6"); /* LD_DEBUG did report loading */
    HN_CHECK(strstr(p.err, "libcurl") == NULL);
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(diff_cli, different_exits_1_grouped_by_kind)
{
    char *dir = scratch(pair);
    st_proc p;
    HONEST(&p, dir, "diff", "a.json", "b.json");
    HN_ASSERT_EQ(p.exit_code, 1);
    HN_ASSERT_STR_EQ(p.out, "3 differences: 1 added, 1 removed, 1 type_changed\n"
                            "added:\n"
                            "  $.c: array [1,2]\n"
                            "removed:\n"
                            "  $.b: string \"x\"\n"
                            "type_changed:\n"
                            "  $.a: number 1 -> string \"1\"\n");
    HN_ASSERT_STR_EQ(p.err, "");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(diff_cli, json_output)
{
    char *dir = scratch(pair);
    st_proc p;
    HONEST(&p, dir, "diff", "--json", "a.json", "b.json");
    HN_ASSERT_EQ(p.exit_code, 1);
    cJSON *j = cJSON_Parse(p.out);
    HN_ASSERT_NOT_NULL(j);
    HN_ASSERT(cJSON_IsFalse(cJSON_GetObjectItem(j, "equal")));
    HN_ASSERT_EQ(cJSON_GetObjectItem(j, "count")->valueint, 3);
    HN_ASSERT_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "counts"), "removed")->valueint, 1);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "differences"), 0);
    HN_ASSERT_STR_EQ(cJSON_GetObjectItem(first, "kind")->valuestring, "type_changed");
    HN_ASSERT_STR_EQ(cJSON_GetObjectItem(first, "path")->valuestring, "$.a");
    const cJSON *b = cJSON_GetObjectItem(first, "b");
    HN_ASSERT_STR_EQ(cJSON_GetObjectItem(b, "value")->valuestring, "1"); /* the JSON string "1" */
    cJSON *third = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "differences"), 2);
    HN_ASSERT(cJSON_IsNull(cJSON_GetObjectItem(third, "a")));
    HN_ASSERT_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(third, "b"), "value")), 2);
    cJSON_Delete(j);
    st_proc_free(&p);
    HONEST(&p, dir, "diff", "--json", "b.json", "b.json");
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_ASSERT_STR_CONTAINS(p.out, "{\"equal\": true, \"count\": 0,");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

typedef struct cli_case {
    const char *name;
    const char *args[12];
    int status;
    const char *out; /* exact standard output */
} cli_case;

static const char *const opt_files[] = {
    "a.json", "{\"ts\": 1, \"items\": [{\"id\": 1, \"n\": 1.0}, {\"id\": 2, \"n\": 2}], \"s\": \"ok\"}",
    "b.json", "{\"ts\": 2, \"items\": [{\"id\": 2, \"n\": 2}, {\"id\": 1, \"n\": 1.05}], \"s\": \"ko\"}",
    "opts.json", "{\"compare\": \"shape\", \"values\": [\"$.s\"]}",
    "i.json", "[1, 2.5]", "j.json", "[1.0, 2.5]", NULL};

static const cli_case options[] = {
    {"shape", {"--shape", "a.json", "b.json"}, 0, "no differences\n"},
    {"shape_values_path", {"--shape", "--values-path", "$.s", "a.json", "b.json"}, 1,
     "1 difference: 1 value_changed\nvalue_changed:\n  $.s: \"ok\" -> \"ko\"\n"},
    {"options_file", {"--options", "opts.json", "a.json", "b.json"}, 1,
     "1 difference: 1 value_changed\nvalue_changed:\n  $.s: \"ok\" -> \"ko\"\n"},
    {"key_tolerance_ignore", {"--key", "id", "--tolerance", "0.1", "--ignore", "$.ts", "--ignore=$.s", "a.json", "b.json"}, 0,
     "no differences\n"},
    {"unordered", {"--unordered", "--tolerance=0.1", "--ignore", "$.ts", "--ignore", "$.s", "a.json", "b.json"}, 0,
     "no differences\n"},
    {"int_float", {"--int-float", "i.json", "j.json"}, 1,
     "1 difference: 1 type_changed\ntype_changed:\n  $[0]: integer 1 -> float 1.0\n"},
    {"int_float_not_asked", {"i.json", "j.json"}, 0, "no differences\n"},
    {"keyed_values", {"--key", "id", "--ignore", "$.ts", "--ignore", "$.s", "a.json", "b.json"}, 1,
     "1 difference: 1 value_changed\nvalue_changed:\n  $.items[0].n: 1.0 -> 1.05\n"},
    {"quiet", {"-q", "a.json", "b.json"}, 1, ""},
    {"values_default", {"--ignore", "$.ts", "--ignore", "$.items", "a.json", "b.json"}, 1,
     "1 difference: 1 value_changed\nvalue_changed:\n  $.s: \"ok\" -> \"ko\"\n"},
};

HN_TEST_PN(diff_cli, options, cli_case, options, name)
{
    char *dir = scratch(opt_files);
    const char *args[16] = {"diff"};
    size_t n = 1;
    for (size_t i = 0; HN_PARAM->args[i]; i++)
        args[n++] = HN_PARAM->args[i];
    st_proc p;
    honest(&p, dir, NULL, NULL, args);
    HN_CHECK_EQ(p.exit_code, HN_PARAM->status);
    HN_CHECK_STR_EQ(p.out, HN_PARAM->out);
    HN_CHECK_STR_EQ(p.err, "");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

typedef struct bad_input {
    const char *name;
    const char *args[6];
    const char *says[3]; /* each must be in standard error */
} bad_input;

static const char *const bad_files[] = {
    "ok.json", "{}",
    "bad.json", "{\n  \"a\": 1,\n  \"b\": tru\n}\n",
    "page.html", "<html><body>502 Bad Gateway</body></html>\n",
    "empty.json", "",
    "bom.json", "\xEF\xBB\xBF{\"a\": tru}\n",
    "opts.json", "{\"compare\": \"exact\"}", NULL};

static const bad_input bad_inputs[] = {
    {"syntax_error", {"ok.json", "bad.json"},
     {"honest diff: bad.json:3:8: not valid JSON: expected a value", "     3 |   \"b\": tru\n       |        ^\n"}},
    {"syntax_error_in_a", {"bad.json", "ok.json"}, {"bad.json:3:8: not valid JSON"}},
    {"html", {"ok.json", "page.html"}, {"page.html:1:1: not valid JSON", "looks like HTML or XML"}},
    {"empty", {"empty.json", "ok.json"}, {"empty.json:1:1: not valid JSON: the text is empty"}},
    /* A byte order mark is not shown by editors: columns do not count it. */
    {"after_a_bom", {"bom.json", "ok.json"}, {"bom.json:1:7: not valid JSON: expected a value"}},
    {"missing_file", {"ok.json", "nope.json"}, {"honest diff: cannot read 'nope.json': No such file or directory"}},
    {"directory", {"ok.json", "."}, {"cannot read '.'"}},
    {"no_files", {"--json"}, {"no files given", "Try 'honest diff --help'."}},
    {"one_file", {"ok.json"}, {"one file given"}},
    {"three_files", {"ok.json", "ok.json", "ok.json"}, {"one file too many: 'ok.json'"}},
    {"unknown_option", {"--fast", "ok.json", "ok.json"}, {"unknown option '--fast'"}},
    {"bad_path", {"--ignore", "$.a[", "ok.json", "ok.json"}, {"not a path: column 5 of path \"$.a[\""}},
    {"bad_tolerance", {"--tolerance", "lots", "ok.json", "ok.json"}, {"--tolerance wants a number >= 0, not 'lots'"}},
    {"bad_colour", {"--color=pink", "ok.json", "ok.json"}, {"--color wants auto, always or never"}},
    {"bad_colour_spelt_colour", {"--colour", "pink", "ok.json", "ok.json"}, {"--color wants auto, always or never"}},
    /* Every subcommand says the same of an option without its value. */
    {"missing_value", {"ok.json", "ok.json", "--ignore"}, {"honest diff: --ignore needs a value; see honest diff --help"}},
    {"bad_options_file", {"--options", "opts.json", "ok.json", "ok.json"}, {"opts.json: \"compare\" must be"}},
    {"two_stdins", {"-", "-"}, {"only one of A and B"}},
};

HN_TEST_PN(diff_cli, bad_input_exits_2, bad_input, bad_inputs, name)
{
    char *dir = scratch(bad_files);
    const char *args[8] = {"diff"};
    for (size_t i = 0; HN_PARAM->args[i]; i++)
        args[i + 1] = HN_PARAM->args[i];
    st_proc p;
    honest(&p, dir, NULL, NULL, args);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_EQ(p.out, "");
    for (size_t i = 0; i < 3 && HN_PARAM->says[i]; i++)
        HN_CHECK_STR_CONTAINS(p.err, HN_PARAM->says[i]);
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(diff_cli, help_and_listing)
{
    st_proc p;
    HONEST(&p, NULL, "diff", "--help");
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_ASSERT_STR_CONTAINS(p.out, "usage: honest diff A B [options]");
    HN_ASSERT_STR_CONTAINS(p.out, "Exit status: 0 equal under the rules, 1 different, 2 bad input");
    st_proc_free(&p);
    HONEST(&p, NULL, "--help");
    HN_ASSERT_STR_CONTAINS(p.out, "  diff ");
    st_proc_free(&p);
}

HN_TEST(diff_cli, standard_input)
{
    char *dir = scratch(pair);
    st_proc p;
    honest(&p, dir, NULL, "{\"a\": 1, \"b\": \"y\"}", (const char *const[]){"diff", "a.json", "-", NULL});
    HN_ASSERT_EQ(p.exit_code, 1);
    HN_ASSERT_STR_EQ(p.out, "1 difference: 1 value_changed\nvalue_changed:\n  $.b: \"x\" -> \"y\"\n");
    st_proc_free(&p);
    honest(&p, dir, NULL, "[", (const char *const[]){"diff", "-", "a.json", NULL});
    HN_ASSERT_EQ(p.exit_code, 2);
    HN_ASSERT_STR_CONTAINS(p.err, "<stdin>:1:2: not valid JSON");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(diff_cli, colour_when_asked_only)
{
    char *dir = scratch(pair);
    st_proc p;
    /* Output to a pipe: no colour by default. */
    HONEST(&p, dir, "diff", "a.json", "b.json");
    HN_ASSERT(!strchr(p.out, '\033'));
    st_proc_free(&p);
    HONEST(&p, dir, "diff", "--color=always", "a.json", "b.json");
    HN_ASSERT_STR_CONTAINS(p.out, "\033[32madded:\033[0m\n");
    HN_ASSERT_STR_CONTAINS(p.out, "\033[31mremoved:\033[0m\n");
    HN_ASSERT_STR_CONTAINS(p.out, "\033[35mtype_changed:\033[0m\n");
    st_proc_free(&p);
    /* An explicit --color=always wins over NO_COLOR; --color=never wins over all. */
    static const char *const no_colour[] = {"NO_COLOR=1", NULL};
    honest(&p, dir, no_colour, NULL, (const char *const[]){"diff", "--color=always", "a.json", "b.json", NULL});
    HN_ASSERT_STR_CONTAINS(p.out, "\033[");
    st_proc_free(&p);
    HONEST(&p, dir, "diff", "--json", "--color=always", "a.json", "b.json");
    HN_ASSERT(!strchr(p.out, '\033')); /* JSON is never coloured */
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

/* Runs honest diff on a pseudo-terminal (as a person would) and returns
 * what it printed; env_no_colour sets NO_COLOR=1 first. */
static char *on_terminal(const char *dir, int env_no_colour)
{
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, NULL);
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (chdir(dir))
            _exit(127);
        if (env_no_colour)
            setenv("NO_COLOR", "1", 1);
        else
            unsetenv("NO_COLOR");
        setenv("TERM", "xterm", 1);
        execl(ST_HONEST, ST_HONEST, "diff", "a.json", "b.json", (char *)NULL);
        _exit(127);
    }
    char *out = calloc(1, 65536);
    size_t len = 0;
    for (ssize_t n; len < 65535 && (n = read(fd, out + len, 65535 - len)) > 0;)
        len += (size_t)n;
    close(fd);
    int status;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    return out;
}

HN_TEST(diff_cli, colour_on_a_terminal_unless_no_color)
{
    char *dir = scratch(pair);
    char *tty = on_terminal(dir, 0), *plain = on_terminal(dir, 1);
    HN_CHECK_STR_CONTAINS(tty, "\033[32madded:\033[0m");
    HN_CHECK(!strchr(plain, '\033'));
    HN_CHECK_STR_CONTAINS(plain, "added:");
    free(tty);
    free(plain);
    st_rmtree(dir);
    free(dir);
}

/* ---- HN_ASSERT_JSON_EQ in a real test binary --------------------------- */

typedef struct assert_case {
    const char *name;
    const char *test;
    int status;
    const char *says[5]; /* each must be in the output */
    const char *never;   /* must not be */
} assert_case;

static const assert_case asserts[] = {
    {"equal_text", "json.equal_text", 0, {"PASS    json.equal_text", "1 passed, 0 failed"}, "FAIL"},
    {"equal_tree", "json.equal_tree", 0, {"PASS    json.equal_tree"}, "FAIL"},
    {"differs",
     "json.differs",
     1,
     {"HN_ASSERT_JSON_EQ(\"{\\\"status\\\": \\\"error\\\", \\\"extra\\\": 1}\", \"{\\\"status\\\": \\\"ok\\\", \\\"gone\\\": [1]}\")",
      "      3 differences (expected -> actual; added: only in actual, removed: only in expected):\n"
      "      value_changed $.status: \"ok\" -> \"error\"\n"
      "      removed $.gone: array [1]\n"
      "      added $.extra: number 1\n"},
     "not reached"},
    {"checks_go_on",
     "json.checks_go_on",
     1,
     {"      value_changed $[0]: 2 -> 1\n", "      type_changed $.n: number 1 -> string \"1\"\n", "after the checks"},
     NULL},
    {"not_json",
     "json.not_json",
     1,
     {"\"{\\\"a\\\": tru}\" is not JSON: line 1, column 7: expected a value"},
     NULL},
    {"null_argument", "json.null_argument", 1, {"HN_ASSERT_JSON_EQ(none, \"{}\")\n      none is NULL"}, NULL},
    {"many",
     "json.many",
     1,
     {"60 differences", "      value_changed $[49]: 149 -> 49\n      ... and 10 more"},
     "$[50]"},
};

HN_TEST_PN(diff_assert, message, assert_case, asserts, name)
{
    char filter[128];
    snprintf(filter, sizeof filter, "--filter=%s", HN_PARAM->test);
    st_proc p;
    const char *argv[] = {ST_ASSERT_PROG, filter, "--color=never", "--strict", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, HN_PARAM->status);
    for (size_t i = 0; i < 5 && HN_PARAM->says[i]; i++)
        HN_CHECK_STR_CONTAINS(p.out, HN_PARAM->says[i]);
    if (HN_PARAM->never)
        HN_CHECK(!strstr(p.out, HN_PARAM->never));
    st_proc_free(&p);
}

/* ---- the examples of docs/diff.md -------------------------------------- */

/* The next fenced block of doc at or after *at: its info string and body. */
static int next_block(const char *doc, size_t *at, char *info, size_t infocap, char **body)
{
    const char *open = strstr(doc + *at, "```");
    while (open && open != doc && open[-1] != '\n' && open[-1] != ' ')
        open = strstr(open + 3, "```");
    if (!open)
        return 0;
    const char *eol = strchr(open, '\n');
    HN_ASSERT_NOT_NULL(eol);
    snprintf(info, infocap, "%.*s", (int)(eol - open - 3), open + 3);
    const char *close = strstr(eol + 1, "```");
    HN_ASSERT_NOT_NULL(close);
    const char *end = close;
    while (end > eol + 1 && end[-1] == ' ')
        end--; /* indented blocks inside lists */
    *body = strndup(eol + 1, (size_t)(end - eol - 1));
    *at = (size_t)(close + 3 - doc);
    return 1;
}

/* Splits a command line on spaces, honouring single quotes. */
static int split(char *line, const char **argv, int max)
{
    int n = 0;
    for (char *s = line; *s && n < max - 1;) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        char *w = s, *o = s;
        while (*s && *s != ' ') {
            if (*s == '\'') {
                for (s++; *s && *s != '\''; )
                    *o++ = *s++;
                if (*s)
                    s++;
            } else {
                *o++ = *s++;
            }
        }
        if (*s)
            s++;
        *o = '\0';
        argv[n++] = w;
    }
    argv[n] = NULL;
    return n;
}

/* Runs each "$ honest ..." line of a console block in dir and compares what
 * it prints (standard output, then standard error) with the lines after it. */
static int run_console(const char *dir, char *body)
{
    int commands = 0;
    for (char *cmd = strstr(body, "$ "); cmd; commands++) {
        char *nl = strchr(cmd, '\n');
        HN_ASSERT_NOT_NULL(nl);
        *nl = '\0';
        char *next = strstr(nl + 1, "\n$ ");
        char *want = strndup(nl + 1, next ? (size_t)(next + 1 - (nl + 1)) : strlen(nl + 1));
        const char *argv[32];
        HN_ASSERT_GE(split(cmd + 2, argv, 32), 2);
        HN_ASSERT_STR_EQ(argv[0], "honest");
        argv[0] = ST_HONEST;
        st_proc p;
        HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.cwd = dir}), 0);
        char *got = NULL;
        HN_ASSERT_NE(asprintf(&got, "%s%s", p.out, p.err), -1);
        HN_LOG("$ %s", cmd + 2);
        HN_CHECK_STR_EQ(got, want);
        free(got);
        free(want);
        st_proc_free(&p);
        cmd = next ? next + 1 : NULL;
    }
    return commands;
}

HN_TEST(diff_docs, console_examples_print_what_the_page_shows)
{
    char *doc = st_read_file(ST_DIFF_DOC, NULL);
    HN_ASSERT_NOT_NULL(doc);
    char *dir = scratch(NULL);
    char info[128], *body;
    size_t at = 0;
    int files = 0, commands = 0;
    while (next_block(doc, &at, info, sizeof info, &body)) {
        if (!strncmp(info, "json file=", 10)) {
            char *path = st_join(dir, info + 10);
            HN_ASSERT_EQ(st_write_file(path, body), 0);
            free(path);
            files++;
        } else if (!strcmp(info, "console")) {
            commands += run_console(dir, body);
        }
        free(body);
    }
    HN_ASSERT_GE(files, 5);
    HN_ASSERT_GE(commands, 4);
    st_rmtree(dir);
    free(dir);
    free(doc);
}

/* The C example of the page is compiled (CMake extracts it) and run; every
 * line of the output the page shows appears in the real output. */
HN_TEST(diff_docs, c_example_prints_what_the_page_shows)
{
    char *doc = st_read_file(ST_DIFF_DOC, NULL);
    HN_ASSERT_NOT_NULL(doc);
    char info[128], *body = NULL, *shown = NULL;
    size_t at = 0;
    int seen_c = 0;
    while (!shown && next_block(doc, &at, info, sizeof info, &body)) {
        if (!strcmp(info, "c") && !seen_c)
            seen_c = 1;
        else if (seen_c && !strcmp(info, "text"))
            shown = body, body = NULL;
        free(body);
    }
    HN_ASSERT_NOT_NULL(shown);
    st_proc p;
    const char *argv[] = {ST_DOC_PROG, "--color=never", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_ASSERT_EQ(p.exit_code, 1); /* the example fails one check on purpose */
    int lines = 0;
    for (char *line = strtok(shown, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        /* "file.c:21: " depends on where the example was compiled from. */
        char *colon = strstr(line, ".c:");
        char *rest = colon ? strstr(colon, ": ") : NULL;
        HN_CHECK_STR_CONTAINS(p.out, rest ? rest + 2 : line);
    }
    HN_ASSERT_GE(lines, 5);
    st_proc_free(&p);
    free(shown);
    free(doc);
}
