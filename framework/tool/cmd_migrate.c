/* SPDX-License-Identifier: MIT */
/* cmd_migrate.c: `honest migrate`: the canned JSON of boundary doubles, as
 * `honest audit` finds it, written as hand-written fixtures with the live
 * request each stands for, and the tests rewritten to answer from them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/migrate.h"
#include "tool/cmd.h"
#include "tool/cmd_opt.h"

static void usage(FILE *f)
{
    fputs("usage: honest migrate (--build DIR | --from FILE | BINARY...) --endpoint 'FN=METHOD URL'...\n"
          "                      --fixtures DIR [--apply]\n"
          "\n"
          "Runs the audit of the test binaries (as honest audit does), writes every piece of\n"
          "hand-written canned JSON a boundary double answered with as a fixture with\n"
          "\"origin\": \"hand-written\" and the live request it stands for, and rewrites the\n"
          "test to answer from it: HN_RETURNS becomes HN_RETURNS_FIXTURE, and the literal\n"
          "of will_return, of an fff return_val or custom_fake, of HN_FILLS or of a\n"
          "hand-rolled stub's return becomes HN_FIXTURE_BODY(\"PATH\"). What cannot be\n"
          "rewritten safely is named at file:line with what to do by hand. Then\n"
          "`honest verify DIR` shows how far the typed data is from the live service.\n"
          "\n"
          "  --endpoint 'FN=METHOD URL'  the request FN's canned data stands for; {1}, {2}...\n"
          "                      in URL are FN's arguments, ${NAME} placeholders are kept;\n"
          "                      a hand-rolled stub of FN is looked for in the test sources\n"
          "  --fixtures DIR      where the fixtures go (created if missing)\n"
          "  --apply             rewrite the test sources (atomically); without it, print\n"
          "                      the change as a patch to review\n"
          "  --build DIR, --from FILE, BINARY...   what to audit, as for honest audit\n"
          "\n"
          "Running it again changes nothing. Exit status: 0, 2 bad input.\n",
          f);
}

typedef struct args {
    const char *build, *fixtures;
    const char **binaries, **from;
    size_t nbinaries, nfrom;
    hn__migrate_endpoint *endpoints;
    size_t nendpoints;
    int apply;
} args;

static int parse(args *a, int argc, char **argv)
{
    a->binaries = calloc((size_t)argc, sizeof *a->binaries);
    a->from = calloc((size_t)argc, sizeof *a->from);
    a->endpoints = calloc((size_t)argc, sizeof *a->endpoints);
    if (!a->binaries || !a->from || !a->endpoints)
        return 2;
    for (int i = 1; i < argc; i++) {
        int bad = 0, rc;
        const char *v;
        if ((v = hn__cmd_opt_value(argc, argv, &i, "--build", NULL, &bad, "migrate")))
            a->build = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--from", NULL, &bad, "migrate")))
            a->from[a->nfrom++] = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--fixtures", NULL, &bad, "migrate")))
            a->fixtures = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--endpoint", NULL, &bad, "migrate"))) {
            if (hn__migrate_endpoint_parse(v, &a->endpoints[a->nendpoints]) != 0) {
                fprintf(stderr, "honest migrate: --endpoint '%s': expected 'FN=METHOD URL', for "
                                "example 'fetch_user=GET https://api.example.com/users/{1}'\n", v);
                return 2;
            }
            a->nendpoints++;
        } else if (bad)
            return 2;
        else if (!strcmp(argv[i], "--apply"))
            a->apply = 1;
        else if ((rc = hn__cmd_opt_other(argv[i], a->binaries, &a->nbinaries, "migrate")))
            return rc;
    }
    if (!a->build && !a->nbinaries && !a->nfrom) {
        fprintf(stderr, "honest migrate: give test binaries, --build DIR or --from FILE\n");
        return 2;
    }
    if (!a->fixtures) {
        fprintf(stderr, "honest migrate: give the directory for the fixtures with --fixtures DIR\n");
        return 2;
    }
    return 0;
}

static void release(args *a)
{
    for (size_t i = 0; i < a->nendpoints; i++)
        hn__migrate_endpoint_free(&a->endpoints[i]);
    free(a->endpoints);
    free(a->binaries);
    free(a->from);
}

int hn__cmd_migrate(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(&a, argc, argv);
    if (rc) {
        usage(rc == 1 ? stdout : stderr);
        release(&a);
        return rc == 1 ? 0 : 2;
    }
    hn__audit inv;
    memset(&inv, 0, sizeof inv);
    char err[2400];
    hn__migrate_opts o = {a.endpoints, a.nendpoints, a.fixtures, a.apply, stdout};
    int collected = hn__audit_collect(&inv, a.build, a.binaries, a.nbinaries, a.from, a.nfrom,
                                      err, sizeof err);
    if (collected == 0) {
        /* The audit's source scan, for the --endpoint functions too: a
         * hand-rolled stub of one is no double the run could see. */
        const char **fns = calloc(a.nendpoints + 1, sizeof *fns);
        for (size_t i = 0; fns && i < a.nendpoints; i++)
            fns[i] = a.endpoints[i].fn;
        size_t n;
        const char **names = fns ? hn__audit_scan_names(&inv, fns, a.nendpoints, &n) : NULL;
        if (names)
            hn__audit_scan(&inv, names, n);
        free(names);
        free(fns);
    }
    if (collected != 0 ||
        (hn__audit_judge(&inv), hn__migrate(&inv, &o, err, sizeof err)) != 0) {
        fprintf(stderr, "honest migrate: %s\n", err);
        rc = 2;
    }
    hn__audit_free(&inv);
    release(&a);
    return rc;
}
