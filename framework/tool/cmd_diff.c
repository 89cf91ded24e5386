/* SPDX-License-Identifier: MIT */
/* cmd_diff.c: `honest diff A B`: compare two JSON files structurally and
 * print the differences for people or as JSON; exit 0 equal, 1, 2 bad input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <honest/diff.h>

#include "base/term.h"
#include "tool/cmd.h"
#include "tool/cmd_opt.h"
#include "diff/diff.h"

static const char usage_text[] =
    "usage: honest diff A B [options]\n"
    "\n"
    "Compares two JSON documents. A is the reference (a fixture, the expected\n"
    "value), B is checked against it: `added` is in B only, `removed` in A only.\n"
    "A or B may be - for standard input.\n"
    "\n"
    "  --shape               compare keys, types and the shape of array elements;\n"
    "                        values are ignored\n"
    "  --values              compare values exactly (the default)\n"
    "  --ignore PATH         leave PATH and what is under it out; [*] matches every\n"
    "                        element or member, ..key a key at any depth (repeatable)\n"
    "  --values-path PATH    with --shape, values at PATH must be equal too (repeatable)\n"
    "  --shape-path PATH     with --values, only the shape counts at PATH (repeatable)\n"
    "  --unordered           compare arrays as multisets (order does not count)\n"
    "  --key FIELD           pair the elements of arrays of objects by FIELD\n"
    "  --tolerance X         numbers within X of each other are equal\n"
    "  --int-float           integers and floats are different types\n"
    "  --options FILE        options as JSON: {\"compare\", \"ignore\", \"values\",\n"
    "                        \"shape\", \"arrays\", \"key\", \"arrays_at\", \"tolerance\",\n"
    "                        \"int_float\"} (see docs/diff.md)\n"
    "  --json                print the differences as JSON\n"
    "  --color=auto|always|never  colour the text (auto: on a terminal, unless\n"
    "                        NO_COLOR is set)\n"
    "  -q, --quiet           print nothing; the exit status tells\n"
    "  -h, --help            this text\n"
    "\n"
    "Paths: $ is the document, .key or [\"key\"] a member, [0] an element.\n"
    "Exit status: 0 equal under the rules, 1 different, 2 bad input or usage.\n";

typedef struct args {
    const char *files[2];
    int nfiles;
    int json, quiet, colour; /* hn__color_word: 0 auto, 1 always, 2 never */
} args;

static int usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "honest diff: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nTry 'honest diff --help'.\n");
    return 2;
}

/* Reads a whole file ("-": standard input) into a NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 1 >= cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                errno = ENOMEM;
                break;
            }
            buf = bigger;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno;
                free(buf);
                buf = NULL;
                errno = e ? e : EIO;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* Shows the line of text holding a syntax error with a caret under it. */
static void show_line(const char *text, size_t len, int line, int column)
{
    const char *s = text, *end = text + len;
    for (int l = 1; l < line && s < end; s++)
        if (*s == '\n')
            l++;
    const char *e = memchr(s, '\n', (size_t)(end - s));
    size_t n = e ? (size_t)(e - s) : (size_t)(end - s);
    if (n > 160 || column > 160)
        return; /* a minified document: the line would be the whole file */
    fprintf(stderr, "%6d | %.*s\n       | ", line, (int)n, s);
    for (int c = 1; c < column && *s; s++) {
        if (((unsigned char)*s & 0xC0) == 0x80)
            continue;
        fputc(*s == '\t' ? '\t' : ' ', stderr);
        c++;
    }
    fputs("^\n", stderr);
}

static cJSON *load(const char *path, hn__diff_arena **arena)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "honest diff: cannot read '%s': %s\n", path, strerror(errno));
        return NULL;
    }
    hn_diff_error err;
    cJSON *tree = hn__diff_parse_arena(text, len, arena, &err);
    if (!tree) {
        const char *name = strcmp(path, "-") ? path : "<stdin>";
        if (err.line) {
            fprintf(stderr, "honest diff: %s:%d:%d: not valid JSON: %s\n", name, err.line, err.column, err.text);
            show_line(text, len, err.line, err.column);
            if (len && text[strspn(text, " \t\r\n")] == '<')
                fprintf(stderr, "(the file looks like HTML or XML, not JSON)\n");
        } else {
            fprintf(stderr, "honest diff: %s: %s\n", name, err.text);
        }
    }
    free(text);
    return tree;
}

static int opts_file(hn_diff_opts *o, const char *path)
{
    hn__diff_arena *arena = NULL;
    cJSON *spec = load(path, &arena);
    hn_diff_error err;
    int rc = 0;
    if (!spec)
        rc = -1;
    else if (hn_diff_opts_from_json(o, spec, &err)) {
        fprintf(stderr, "honest diff: %s: %s\n", path, err.text);
        rc = -1;
    }
    hn__diff_arena_free(arena);
    return rc;
}

/* The value of option name (or alias) at argv[*i], as the other subcommands
 * read theirs (tool/cmd_opt.h); NULL once *bad is set by a missing value. */
static const char *opt(int argc, char **argv, int *i, const char *name, const char *alias,
                       int *bad)
{
    return *bad ? NULL : hn__cmd_opt_value(argc, argv, i, name, alias, bad, "diff");
}

static int parse_args(int argc, char **argv, args *a, hn_diff_opts *o)
{
    hn_diff_error err;
    const char *v;
    int only_files = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int rc = 0;
        if (only_files || s[0] != '-' || !strcmp(s, "-")) {
            if (a->nfiles == 2)
                return usage_error("one file too many: '%s' (compare two: A B)", s);
            a->files[a->nfiles++] = s;
        } else if (!strcmp(s, "--")) {
            only_files = 1;
        } else if (!strcmp(s, "--shape") || !strcmp(s, "--values")) {
            hn_diff_opts_set_mode(o, s[2] == 's' ? HN_DIFF_SHAPE : HN_DIFF_VALUES);
        } else if ((v = opt(argc, argv, &i, "--ignore", NULL, &bad))) {
            rc = hn_diff_opts_ignore(o, v, &err);
        } else if ((v = opt(argc, argv, &i, "--values-path", NULL, &bad))) {
            rc = hn_diff_opts_values_path(o, v, &err);
        } else if ((v = opt(argc, argv, &i, "--shape-path", NULL, &bad))) {
            rc = hn_diff_opts_shape_path(o, v, &err);
        } else if (!strcmp(s, "--unordered")) {
            rc = hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_UNORDERED, NULL, &err);
        } else if ((v = opt(argc, argv, &i, "--key", NULL, &bad))) {
            rc = hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_KEYED, v, &err);
        } else if ((v = opt(argc, argv, &i, "--tolerance", NULL, &bad))) {
            char *end;
            double t = strtod(v, &end);
            if (!*v || *end || hn_diff_opts_tolerance(o, t))
                return usage_error("--tolerance wants a number >= 0, not '%s'", v);
        } else if (!strcmp(s, "--int-float")) {
            hn_diff_opts_int_float(o, 1);
        } else if ((v = opt(argc, argv, &i, "--options", NULL, &bad))) {
            if (opts_file(o, v))
                return 2;
        } else if (!strcmp(s, "--json")) {
            a->json = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a->quiet = 1;
        } else if ((v = opt(argc, argv, &i, "--color", "--colour", &bad))) {
            if ((a->colour = hn__color_word(v)) < 0)
                return usage_error("--color wants auto, always or never, not '%s'", v);
        } else {
            if (bad) /* a missing value, already said */
                return 2;
            return usage_error("unknown option '%s'", s);
        }
        if (rc)
            return usage_error("%s", err.text);
    }
    if (a->nfiles != 2)
        return usage_error("%s", a->nfiles ? "one file given; compare two: honest diff A B"
                                           : "no files given; compare two: honest diff A B");
    if (!strcmp(a->files[0], "-") && !strcmp(a->files[1], "-"))
        return usage_error("%s", "only one of A and B can be standard input (-)");
    return 0;
}

static int use_colour(const args *a)
{
    return hn__color_use(a->colour, STDOUT_FILENO);
}

int hn__cmd_diff(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage_text, stdout);
            return 0;
        }
    }
    args a = {.colour = 0};
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    hn__diff_arena *arenas[2] = {NULL, NULL};
    hn_diff *d = NULL;
    int rc = 2;
    if (!o) {
        fprintf(stderr, "honest diff: out of memory\n");
        return 2;
    }
    if (parse_args(argc, argv, &a, o))
        goto out;
    cJSON *ta = load(a.files[0], &arenas[0]);
    cJSON *tb = ta ? load(a.files[1], &arenas[1]) : NULL;
    if (!ta || !tb)
        goto out;
    d = hn_diff_json(ta, tb, o);
    char *text = !d || a.quiet ? NULL
               : a.json ? hn_diff_format_json(d)
                        : hn_diff_format_text(d, use_colour(&a) ? HN_DIFF_FMT_COLOR : 0);
    if (!d || (!a.quiet && !text)) {
        fprintf(stderr, "honest diff: out of memory\n");
        goto out;
    }
    if (text)
        fputs(text, stdout);
    free(text);
    rc = hn_diff_count(d) ? 1 : 0;
    if (fflush(stdout)) {
        fprintf(stderr, "honest diff: cannot write the output: %s\n", strerror(errno));
        rc = 2;
    }
out:
    hn_diff_free(d);
    hn__diff_arena_free(arenas[0]);
    hn__diff_arena_free(arenas[1]);
    hn_diff_opts_free(o);
    return rc;
}
