/* SPDX-License-Identifier: MIT */
/* cmd_verify.c: `honest verify [PATH...]`: replays fixtures against their
 * live endpoints, reports drift, keeps the last-verified state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <honest.h>

#include "tool/cmd.h"
#include "tool/cmd_opt.h"
#include "verify/verify.h"

static void usage(FILE *f)
{
    fputs("usage: honest verify [OPTIONS] PATH...\n"
          "\n"
          "Replays the request of each fixture (files, or directories searched for *.json)\n"
          "against its live endpoint and compares the answer with the recording.\n"
          "\n"
          "  --concurrency N     requests in flight at once (default 8)\n"
          "  --timeout MS        per request, in milliseconds (default 30000)\n"
          "  --retries N         retries of a transport failure before `unreachable` (default 2)\n"
          "  --backoff MS        delay before the first retry, doubled each time (default 200)\n"
          "  --cacert FILE       CA certificates to verify TLS with (default: the system's)\n"
          "  --learn-volatile    request twice; values that differ are volatile, never drift\n"
          "  --max-drift N       drifted fixtures tolerated before exit 1 (default 0)\n"
          "  --update            re-record drifted fixtures (atomically) and print the change\n"
          "  --json FILE         write the report as JSON\n"
          "  --junit FILE        write the report as JUnit XML (one test case per fixture)\n"
          "  --markdown FILE     write the report as a Markdown table\n"
          "  --no-state          do not write " HN_VERIFIED_FILE " beside the fixtures\n"
          "  --color WHEN        auto, always or never (NO_COLOR is honoured)\n"
          "\n"
          "${NAME} placeholders in requests are filled from the environment.\n"
          "Exit status: 0 aligned (or drift within --max-drift), 1 drift past --max-drift,\n"
          "2 bad input (usage, invalid fixtures, unset variables), 3 unreachable endpoints.\n",
          f);
}

typedef struct args {
    hn__verify_config cfg;
    int max_drift, color;
    const char *json, *junit, *markdown;
    const char **paths;
    size_t npaths;
} args;

/* Reads the command line into a; 0, or 2 (usage error), or 1 (--help). */
static int parse(args *a, int argc, char **argv)
{
    static const char *const numeric[] = {"--concurrency", "--timeout", "--retries",
                                          "--backoff", "--max-drift"};
    static const long mins[] = {1, 1, 0, 1, 0};
    long nums[] = {8, 30000, 2, 200, 0};
    const char *color = "auto";
    a->paths = calloc((size_t)argc, sizeof *a->paths);
    for (int i = 1; i < argc; i++) {
        int bad = 0, matched = 0;
        const char *v;
        for (size_t k = 0; k < 5 && !matched; k++)
            if ((v = hn__cmd_opt_value(argc, argv, &i, numeric[k], NULL, &bad, "verify")) ||
                bad) {
                matched = 1;
                if (bad || hn__cmd_opt_long(v, mins[k], &nums[k], "verify", numeric[k]))
                    return 2;
            }
        const char **files[] = {&a->json, &a->junit, &a->markdown, &a->cfg.http.cainfo, &color};
        static const char *const names[] = {"--json", "--junit", "--markdown", "--cacert",
                                            "--color"};
        for (size_t k = 0; k < 5 && !matched; k++)
            if ((v = hn__cmd_opt_value(argc, argv, &i, names[k], NULL, &bad, "verify")) ||
                bad) {
                matched = 1;
                if (bad)
                    return 2;
                *files[k] = v;
            }
        if (matched)
            continue;
        int rc = 0;
        if (!strcmp(argv[i], "--learn-volatile"))
            a->cfg.learn_volatile = 1;
        else if (!strcmp(argv[i], "--update"))
            a->cfg.update = 1;
        else if (!strcmp(argv[i], "--no-state"))
            a->cfg.keep_state = 0;
        else if (!strcmp(argv[i], "--") && i + 1 < argc)
            while (++i < argc)
                a->paths[a->npaths++] = argv[i];
        else if ((rc = hn__cmd_opt_other(argv[i], a->paths, &a->npaths, "verify")))
            return rc;
    }
    a->cfg.http.concurrency = (int)nums[0];
    a->cfg.http.timeout_ms = nums[1];
    a->cfg.http.retries = (int)nums[2];
    a->cfg.http.backoff_ms = nums[3];
    a->max_drift = (int)nums[4];
    if (!strcmp(color, "always"))
        a->color = 1;
    else if (!strcmp(color, "never"))
        a->color = 0;
    else if (!strcmp(color, "auto"))
        a->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    else {
        fprintf(stderr, "honest verify: --color %s: expected auto, always or never\n", color);
        return 2;
    }
    if (!a->npaths) {
        fprintf(stderr, "honest verify: give the fixtures to verify (files or directories), "
                        "for example: honest verify tests/fixtures\n");
        return 2;
    }
    return 0;
}

/* Writes the report files; 0, or -1 after printing why one failed. */
static int write_reports(const args *a, const hn__verify_run *run)
{
    char err[2400];
    int rc = 0;
    if (a->json && hn__verify_report_json(run, a->max_drift, a->json, err, sizeof err))
        rc = -1, fprintf(stderr, "honest verify: --json: %s\n", err);
    if (a->junit && hn__verify_report_junit(run, a->max_drift, a->junit, err, sizeof err))
        rc = -1, fprintf(stderr, "honest verify: --junit: %s\n", err);
    if (a->markdown &&
        hn__verify_report_markdown(run, a->max_drift, a->markdown, err, sizeof err))
        rc = -1, fprintf(stderr, "honest verify: --markdown: %s\n", err);
    return rc;
}

int hn__cmd_verify(int argc, char **argv)
{
    args a;
    memset(&a, 0, sizeof a);
    a.cfg.keep_state = 1;
    a.cfg.log = stdout;
    int rc = parse(&a, argc, argv);
    if (rc) {
        usage(rc == 1 ? stdout : stderr);
        free(a.paths);
        return rc == 1 ? 0 : 2;
    }
    char err[2400];
    char **files = NULL;
    size_t nfiles = 0;
    hn__verify_run run;
    if (hn__verify_files(a.paths, a.npaths, &files, &nfiles, err, sizeof err)) {
        fprintf(stderr, "honest verify: %s\n", err);
        free(a.paths);
        return 2;
    }
    rc = hn__verify_run_files(&a.cfg, files, nfiles, &run, err, sizeof err);
    if (rc == 0) {
        hn__verify_report_text(&run, a.max_drift, stdout, a.color);
        rc = hn__verify_exit_status(&run, a.max_drift);
        if (write_reports(&a, &run))
            rc = 2;
    } else {
        fprintf(stderr, "honest verify: %s\n", err);
        rc = 2;
    }
    hn__verify_run_free(&run);
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    free(a.paths);
    return rc;
}
