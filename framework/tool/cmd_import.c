/* SPDX-License-Identifier: MIT */
/* cmd_import.c: `honest import FORMAT FILE... -o DIR`: recordings of other
 * tools (HAR, VCR, nock, WireMock, Pact) written as fixtures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/import.h"
#include "fixtures/redact.h"
#include "tool/cmd.h"
#include "tool/cmd_opt.h"

static void usage(FILE *f)
{
    fputs("usage: honest import FORMAT FILE... -o DIR [--base-placeholder NAME[=ORIGIN]]...\n"
          "                     [--recorded-at DATE] [--max-age-days N] [--redact NAME]...\n"
          "                     [--force]\n"
          "\n"
          "FORMAT is one of:\n"
          "  har       HAR 1.2 files (browser developer tools, mitmproxy, Charles)\n"
          "  vcr       VCR cassettes (Ruby VCR, vcrpy), YAML\n"
          "  nock      nock recordings (nock.recorder output, octokit/fixtures), JSON\n"
          "  wiremock  WireMock mappings (bodyFileName read from __files)\n"
          "  pact      Pact files, specification v2 to v4\n"
          "\n"
          "  -o, --output DIR          where the fixtures go, one per interaction, in order\n"
          "                            (NNN-method-path.json)\n"
          "  --base-placeholder NAME   write the origin (scheme://host:port) of every URL as\n"
          "                            ${NAME}; NAME=ORIGIN only that origin. WireMock and\n"
          "                            Pact files name no host: give one for them.\n"
          "  --recorded-at DATE        the recording date (ISO 8601), when the source has\n"
          "                            none (HAR and VCR have one) or to replace it\n"
          "  --max-age-days N          how long the fixtures stay fresh after their date\n"
          "                            (default 30)\n"
          "  --redact NAME             also redact this header, query parameter or field\n"
          "  --force                   replace fixture files that exist\n"
          "\n"
          "Fixtures say \"origin\": \"imported\" and where they came from. Secrets are\n"
          "redacted as `honest record` does (Authorization, Cookie, Set-Cookie,\n"
          "Proxy-Authorization, X-Api-Key and the names in " HN__REDACT_FILE " files).\n"
          "Every file is read and every fixture built before the first is written: a\n"
          "malformed file, or a matching rule a fixture cannot express, writes nothing.\n"
          "Exit status: 0 imported, 2 bad input.\n",
          f);
}

typedef struct args {
    const char *out, *recorded_at, *max_age;
    const char **paths, **bases, **redact;
    size_t npaths, nbases, nredact;
    int force;
} args;

/* Reads the command line; 0, 1 (--help) or 2 (after a message). */
static int parse(args *a, int argc, char **argv)
{
    a->paths = calloc((size_t)argc, sizeof *a->paths);
    a->bases = calloc((size_t)argc, sizeof *a->bases);
    a->redact = calloc((size_t)argc, sizeof *a->redact);
    if (!a->paths || !a->bases || !a->redact)
        return fprintf(stderr, "honest import: out of memory\n"), 2;
    for (int i = 1; i < argc; i++) {
        int bad = 0;
        const char *v;
        if ((v = hn__cmd_opt_value(argc, argv, &i, "--output", "-o", &bad, "import")))
            a->out = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--base-placeholder", NULL,
                                                &bad, "import")))
            a->bases[a->nbases++] = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--recorded-at", NULL, &bad,
                                                "import")))
            a->recorded_at = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--max-age-days", NULL, &bad,
                                                "import")))
            a->max_age = v;
        else if (!bad &&
                 (v = hn__cmd_opt_value(argc, argv, &i, "--redact", NULL, &bad, "import")))
            a->redact[a->nredact++] = v;
        else if (!bad && (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")))
            a->force = 1;
        else if (!bad)
            bad = hn__cmd_opt_other(argv[i], a->paths, &a->npaths, "import");
        if (bad)
            return bad;
    }
    return 0;
}

/* The --base-placeholder values as NAME / ORIGIN pairs; 0 or 2. */
static int bases(const args *a, hn__import_base *out)
{
    for (size_t i = 0; i < a->nbases; i++) {
        const char *eq = strchr(a->bases[i], '=');
        size_t n = eq ? (size_t)(eq - a->bases[i]) : strlen(a->bases[i]);
        int ok = n > 0 && (a->bases[i][0] < '0' || a->bases[i][0] > '9');
        for (size_t k = 0; k < n && ok; k++) {
            char c = a->bases[i][k];
            ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_';
        }
        const char *auth = eq ? strstr(eq + 1, "://") : NULL;
        size_t alen = auth ? strcspn(auth + 3, "/?#") : 0;
        if (auth && auth[3 + alen] && strcmp(auth + 3 + alen, "/"))
            return fprintf(stderr, "honest import: --base-placeholder %s: give an origin "
                                   "(scheme://host[:port]) without a path; the path stays in "
                                   "the fixtures' URLs\n",
                           a->bases[i]),
                   2;
        if (!ok || (eq && !auth))
            return fprintf(stderr, "honest import: --base-placeholder %s: expected NAME (letters, "
                                   "digits, _) or NAME=ORIGIN such as "
                                   "API_BASE=https://api.example.com\n",
                           a->bases[i]),
                   2;
        out[i].name = strndup(a->bases[i], n);
        out[i].origin = eq ? eq + 1 : NULL;
    }
    return 0;
}

static int run(const args *a)
{
    const char *format = a->npaths ? a->paths[0] : NULL;
    if (!format)
        return fprintf(stderr, "honest import: give a FORMAT (%s) and the files to import; "
                               "see honest import --help\n",
                       hn__import_formats()),
               2;
    if (!hn__import_reader_of(format))
        return fprintf(stderr, "honest import: unknown format '%s'; expected one of %s\n",
                       format, hn__import_formats()),
               2;
    if (a->npaths < 2)
        return fprintf(stderr, "honest import: no %s file given; see honest import --help\n",
                       format),
               2;
    if (!a->out)
        return fprintf(stderr, "honest import: -o DIR is required: where the fixtures go\n"), 2;
    hn__import_opts o = {.format = format, .out_dir = a->out, .redact = a->redact,
                         .nredact = a->nredact, .now = time(NULL), .force = a->force};
    if (a->recorded_at && hn__import_date(a->recorded_at, &o.recorded_at))
        return fprintf(stderr, "honest import: --recorded-at %s: expected a date such as "
                               "2026-11-20T10:00:00Z or 2026-11-20\n",
                       a->recorded_at),
               2;
    o.has_recorded_at = a->recorded_at != NULL;
    long days = 0;
    if (a->max_age && hn__cmd_opt_long(a->max_age, 1, &days, "import", "--max-age-days"))
        return 2;
    o.max_age_days = (int)days;
    hn__import_base *b = calloc(a->nbases + 1, sizeof *b);
    int rc = b ? bases(a, b) : 2;
    o.bases = b;
    o.nbases = a->nbases;
    if (rc == 0)
        rc = hn__import_run(&o, a->paths + 1, a->npaths - 1);
    for (size_t i = 0; b && i < a->nbases; i++)
        free((char *)b[i].name);
    free(b);
    return rc;
}

int hn__cmd_import(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    int rc = parse(&a, argc, argv);
    if (rc == 0)
        rc = run(&a);
    else
        usage(rc == 1 ? stdout : stderr), rc = rc == 1 ? 0 : 2;
    free(a.paths);
    free(a.bases);
    free(a.redact);
    return rc;
}
