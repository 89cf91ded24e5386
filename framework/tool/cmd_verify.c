/* SPDX-License-Identifier: MIT */
/* cmd_verify.c: `honest verify [PATH...]`: replays fixtures against their
 * live endpoints, reports drift, keeps the last-verified state. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <honest/verify.h>

#include "base/term.h"
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
          "  --unsafe            replay POST, PUT, PATCH, DELETE... too (skipped by default)\n"
          "  --severity K=L,...  how a kind of difference counts: drift, warn or ignore\n"
          "                      (default: added=warn, every other kind drift)\n"
          "  --rate N/s          at most N requests per second to each host\n"
          "  --retry-after-max S longest Retry-After (429, 503) waited, in seconds (default 60)\n"
          "  --shard I/N         verify only shard I of N (split stably by fixture path)\n"
          "  --merge             PATHs are JSON reports of shards: merge them into one report\n"
          "  --json FILE         write the report as JSON\n"
          "  --junit FILE        write the report as JUnit XML (one test case per fixture)\n"
          "  --markdown FILE     write the report as a Markdown table\n"
          "  --no-state          do not write " HN_VERIFIED_FILE " beside the fixtures\n"
          "  --color WHEN        auto, always or never (NO_COLOR is honoured)\n"
          "\n"
          "${NAME} placeholders in requests are filled from the environment.\n"
          "Exit status: 0 aligned (or drift within --max-drift), 1 drift past --max-drift,\n"
          "2 bad input (usage, invalid fixtures, unset variables), 3 unreachable endpoints\n"
          "or refused credentials (unauthorized).\n",
          f);
}

typedef struct args {
    hn__verify_config cfg;
    int max_drift, color, merge, max_drift_given;
    const char *json, *junit, *markdown, *severity, *shard, *rate, *retry_after;
    const char **paths;
    size_t npaths;
    int shard_i, shard_n;
} args;

static int parse_more(args *a);

/* --severity, --shard, --rate, --retry-after-max; 0 or 2 (after a message). */
static int parse_more(args *a)
{
    char err[512];
    if (a->severity &&
        hn__verify_policy_parse(a->severity, &a->cfg.severity, err, sizeof err)) {
        fprintf(stderr, "honest verify: %s\n", err);
        return 2;
    }
    if (a->shard && hn__verify_shard_parse(a->shard, &a->shard_i, &a->shard_n, err, sizeof err)) {
        fprintf(stderr, "honest verify: %s\n", err);
        return 2;
    }
    if (a->rate) {
        char *end = NULL;
        double r = strtod(a->rate, &end);
        if (!end || end == a->rate || (*end && strcmp(end, "/s")) || !(r > 0) || r > 1e6) {
            fprintf(stderr, "honest verify: --rate %s: expected requests per second to each "
                    "host, such as 5/s or 0.5/s\n", a->rate);
            return 2;
        }
        a->cfg.http.rate = r;
    }
    if (a->retry_after) {
        long s;
        if (hn__cmd_opt_long(a->retry_after, 0, &s, "verify", "--retry-after-max"))
            return 2;
        a->cfg.http.retry_after_max_ms = s ? s * 1000 : -1;
    }
    return 0;
}

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
                a->max_drift_given |= k == 4;
                if (bad || hn__cmd_opt_long(v, mins[k], &nums[k], "verify", numeric[k]))
                    return 2;
            }
        const char **files[] = {&a->json,     &a->junit, &a->markdown, &a->cfg.http.cainfo,
                                &color,       &a->severity, &a->shard, &a->rate,
                                &a->retry_after};
        static const char *const names[] = {"--json",     "--junit", "--markdown",
                                            "--cacert",   "--color", "--severity",
                                            "--shard",    "--rate",  "--retry-after-max"};
        for (size_t k = 0; k < 9 && !matched; k++)
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
        else if (!strcmp(argv[i], "--unsafe"))
            a->cfg.unsafe = 1;
        else if (!strcmp(argv[i], "--merge"))
            a->merge = 1;
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
    int setting = hn__color_word(color);
    if (setting >= 0)
        a->color = hn__color_use(setting, STDOUT_FILENO);
    else {
        fprintf(stderr, "honest verify: --color %s: expected auto, always or never\n", color);
        return 2;
    }
    if (!a->npaths) {
        fprintf(stderr, a->merge ? "honest verify: --merge: give the JSON reports to merge, "
                                   "for example: honest verify --merge s1.json s2.json\n"
                                 : "honest verify: give the fixtures to verify (files or "
                                   "directories), for example: honest verify tests/fixtures\n");
        return 2;
    }
    return parse_more(a);
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

/* --merge: the reports of shards, merged into one. */
static int merge(const args *a)
{
    char err[2400];
    hn__verify_run run;
    int max_drift = 0;
    int rc = hn__verify_merge(a->paths, a->npaths, &run, &max_drift, err, sizeof err);
    if (rc == 0) {
        if (a->max_drift_given)
            max_drift = a->max_drift;
        args out = *a;
        out.max_drift = max_drift;
        rc = hn__verify_exit_status(&run, max_drift);
        if (write_reports(&out, &run))
            rc = 2;
        hn__verify_report_text(&run, max_drift, stdout, a->color);
    } else {
        fprintf(stderr, "honest verify: --merge: %s\n", err);
        rc = 2;
    }
    hn__verify_run_free(&run);
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
    /* A reader that goes away (`honest verify ... | head`) must not kill the
     * run before the report files are written or change its exit status:
     * writes to it fail with EPIPE instead, and are let go. */
    signal(SIGPIPE, SIG_IGN);
    if (a.merge) {
        rc = merge(&a);
        free(a.paths);
        return rc;
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
    if (a.shard_n)
        hn__verify_shard(files, &nfiles, a.shard_i, a.shard_n);
    rc = hn__verify_run_files(&a.cfg, files, nfiles, &run, err, sizeof err);
    if (rc == 0) {
        run.shard_i = a.shard_i;
        run.shard_n = a.shard_n;
        rc = hn__verify_exit_status(&run, a.max_drift);
        if (write_reports(&a, &run)) /* the files first: stdout may be gone */
            rc = 2;
        hn__verify_report_text(&run, a.max_drift, stdout, a.color);
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
