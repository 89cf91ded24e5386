/* SPDX-License-Identifier: MIT */
/* cmd_audit.c: `honest audit [BINARY...] [--build DIR]`: runs the test
 * binaries with --audit and prints what the suite's green rests on. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/file_atomic.h"
#include "tool/cmd.h"
#include "tool/cmd_opt.h"

static void usage(FILE *f)
{
    fputs("usage: honest audit [OPTIONS] [BINARY...]\n"
          "\n"
          "Runs each test binary (or every honest test binary of a CTest build directory)\n"
          "with --audit=FILE and prints the inventory of its doubles and fixtures: each\n"
          "double's kind by what it did, its origin, whether it stands for a boundary the\n"
          "team does not own and whether recorded fixtures or hand-written data back it.\n"
          "\n"
          "  --build DIR         audit the tests honest_add_test added to this build directory\n"
          "  --from FILE         read an audit file a test binary wrote with --audit=FILE\n"
          "                      instead of running it (repeatable)\n"
          "  --boundary FN       count the double of FN as a boundary (repeatable)\n"
          "  --json FILE         write the inventory as JSON\n"
          "  --markdown FILE     write the inventory as Markdown tables (for a pull request)\n"
          "  --fail-under RATIO  exit 1 when fewer than RATIO (0 to 1) of the boundary\n"
          "                      doubles are fixture-backed\n"
          "\n"
          "Exit status: 0, 1 under --fail-under, 2 bad input (a binary that is not an\n"
          "honest test binary, a build directory without honest tests).\n",
          f);
}

typedef struct args {
    const char *build, *json, *markdown;
    double fail_under;
    const char **binaries, **marks, **from;
    size_t nbinaries, nmarks, nfrom;
} args;

static int parse(args *a, int argc, char **argv)
{
    a->fail_under = -1;
    a->binaries = calloc((size_t)argc, sizeof *a->binaries);
    a->marks = calloc((size_t)argc, sizeof *a->marks);
    a->from = calloc((size_t)argc, sizeof *a->from);
    if (!a->binaries || !a->marks || !a->from)
        return 2;
    for (int i = 1; i < argc; i++) {
        int bad = 0, rc;
        const char *v;
        if ((v = hn__cmd_opt_value(argc, argv, &i, "--build", NULL, &bad, "audit")))
            a->build = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--from", NULL, &bad, "audit")))
            a->from[a->nfrom++] = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--json", NULL, &bad, "audit")))
            a->json = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--markdown", NULL, &bad, "audit")))
            a->markdown = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--boundary", NULL, &bad, "audit")))
            a->marks[a->nmarks++] = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--fail-under", NULL, &bad, "audit"))) {
            char *end;
            errno = 0;
            a->fail_under = strtod(v, &end);
            if (errno || *end || end == v || a->fail_under < 0 || a->fail_under > 1) {
                fprintf(stderr, "honest audit: --fail-under %s: expected a ratio from 0 to 1, "
                                "for example 0.8\n", v);
                return 2;
            }
        } else if (bad)
            return 2;
        else if ((rc = hn__cmd_opt_other(argv[i], a->binaries, &a->nbinaries, "audit")))
            return rc;
    }
    if (!a->build && !a->nbinaries && !a->nfrom) {
        fprintf(stderr, "honest audit: give test binaries, a build directory with --build DIR, "
                        "or audit files with --from FILE\n");
        return 2;
    }
    return 0;
}

static int save(const char *flag, const char *path, char *text)
{
    const char *step = "write";
    int rc = text ? hn__file_atomic_write(path, text, strlen(text), &step) : -1;
    if (rc != 0)
        fprintf(stderr, "honest audit: %s %s: cannot write the file (%s: %s)\n", flag, path,
                step, text ? strerror(errno) : "out of memory");
    free(text);
    return rc;
}

static int audit(const args *a, hn__audit *inv)
{
    char err[2048];
    int rc = hn__audit_collect(inv, a->build, a->binaries, a->nbinaries, a->from, a->nfrom, err,
                               sizeof err);
    if (rc != 0) {
        fprintf(stderr, "honest audit: %s\n", err);
        return rc;
    }
    /* Canned data the run cannot see (hand-rolled stubs, custom_fake
     * bodies), found in the test sources. */
    size_t n;
    const char **names = hn__audit_scan_names(inv, NULL, 0, &n);
    hn__audit_scan(inv, names, n);
    free(names);
    return rc;
}

int hn__cmd_audit(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(&a, argc, argv);
    if (rc) {
        usage(rc == 1 ? stdout : stderr);
        free(a.binaries);
        free(a.marks);
        free(a.from);
        return rc == 1 ? 0 : 2;
    }
    hn__audit inv;
    memset(&inv, 0, sizeof inv);
    inv.marks = a.marks;
    inv.nmarks = a.nmarks;
    if (audit(&a, &inv) == 0) {
        hn__audit_judge(&inv);
        hn__audit_report_text(&inv, stdout);
        if (a.json && save("--json", a.json, hn__audit_report_json(&inv)))
            rc = 2;
        if (a.markdown && save("--markdown", a.markdown, hn__audit_report_markdown(&inv)))
            rc = 2;
        if (rc == 0 && a.fail_under >= 0 && hn__audit_ratio(&inv, NULL, NULL) < a.fail_under) {
            printf("honest audit: the fixture-backed ratio is under --fail-under %g\n", a.fail_under);
            rc = 1;
        }
    } else {
        rc = 2;
    }
    hn__audit_free(&inv);
    free(a.binaries);
    free(a.marks);
    free(a.from);
    return rc;
}
