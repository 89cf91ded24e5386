/* SPDX-License-Identifier: MIT */
/* cmd_serve.c: `honest serve DIR` (answer any client from fixtures) and
 * `honest proxy --upstream URL --fixtures DIR` (forward and record), both
 * on loopback until SIGINT or SIGTERM, then a summary of the fixtures used. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <time.h>
#include <sys/stat.h>

#include "tool/cmd.h"
#include "tool/cmd_opt.h"
#include "serve/serve.h"

static void usage_serve(FILE *f)
{
    fputs("usage: honest serve DIR [--port N] [--tls CERT KEY] [--quiet]\n"
          "\n"
          "Answers any HTTP client on 127.0.0.1 from the fixtures in DIR (*.json), matched as\n"
          "HN_HTTP_FIXTURES matches libcurl's requests. The first line printed is\n"
          "'honest serve: BASE'; point the client at BASE.\n"
          "\n"
          "  --port N        the port to listen on (default 0: a free one)\n"
          "  --tls CERT KEY  serve HTTPS with this certificate and key (PEM files)\n"
          "  --quiet         do not describe unmatched requests on stderr\n"
          "  --variants[=KINDS]  answer each matched request with a seeded mutation of its\n"
          "                  fixture's response (kinds as test binaries take them; all by\n"
          "                  default); the answer says which in X-Honest-Variant\n"
          "  --seed N        the seed of --variants' choices (default: drawn, printed)\n"
          "\n"
          "A request with the header X-Honest-Variant: KIND (or KIND@PATH) gets that variant\n"
          "of its fixture, with or without --variants (docs/variants.md).\n"
          "A fixture URL starting with ${NAME} (\"${API_BASE}/v1/items\"), or an absolute\n"
          "one, is bound to BASE. An unmatched request gets a 404 whose JSON body names the\n"
          "nearest fixture and how the request differs. GET /__honest/summary answers the\n"
          "fixtures used and unused as JSON; SIGINT or SIGTERM stops the server and prints\n"
          "the same summary. Exit status: 0 stopped by a signal, 2 bad input or no port.\n",
          f);
}

static void usage_proxy(FILE *f)
{
    fputs("usage: honest proxy --upstream URL --fixtures DIR [--port N]\n"
          "                    [--record=missing|all] [--base-placeholder NAME]\n"
          "                    [--cacert FILE] [--tls CERT KEY] [--quiet]\n"
          "\n"
          "Forwards every request on 127.0.0.1 to URL + its path and query, answers with\n"
          "the upstream's answer, and records the interaction as a fixture in DIR, named\n"
          "from method and path (get-v1-items.json, then -2, -3 ...), redacted as honest\n"
          "record redacts, written atomically, with the upstream's base written as\n"
          "${UPSTREAM} (or ${NAME}). The first line printed is 'honest proxy: BASE'.\n"
          "\n"
          "  --record=missing  (default) a request a fixture in DIR answers is answered\n"
          "                    from it; only new requests are forwarded and recorded\n"
          "  --record=all      every request is forwarded; a fixture that matches is\n"
          "                    re-recorded in place, others are written as new files\n"
          "\n"
          "  --cacert FILE     CA certificates to verify an https upstream with\n"
          "\n"
          "SIGINT or SIGTERM stops it and prints a summary. Exit status: 0 stopped by a\n"
          "signal, 2 bad input.\n",
          f);
}

typedef struct args {
    const char *dir, *port, *cert, *key, *upstream, *record, *placeholder, *variants, *cacert,
        *seed;
    int quiet;
} args;

/* Reads the command line; 0, 1 (--help) or 2 (after a message). */
static int parse(args *a, int argc, char **argv, const char *cmd)
{
    const char *paths[2];
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        int bad = 0;
        const char *v;
        if ((v = hn__cmd_opt_value(argc, argv, &i, "--port", "-p", &bad, cmd)))
            a->port = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--upstream", NULL, &bad, cmd)))
            a->upstream = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--fixtures", NULL, &bad, cmd)))
            a->dir = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--record", NULL, &bad, cmd)))
            a->record = v;
        else if (!bad &&
                 (v = hn__cmd_opt_value(argc, argv, &i, "--base-placeholder", NULL, &bad, cmd)))
            a->placeholder = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--cacert", NULL, &bad, cmd)))
            a->cacert = v;
        else if (!bad && (v = hn__cmd_opt_value(argc, argv, &i, "--seed", NULL, &bad, cmd)))
            a->seed = v;
        else if (bad)
            return 2;
        else if (!strcmp(argv[i], "--tls")) {
            if (i + 2 >= argc)
                return fprintf(stderr, "honest %s: --tls needs two files: CERT KEY (PEM)\n",
                               cmd), 2;
            a->cert = argv[++i];
            a->key = argv[++i];
        } else if (!strcmp(argv[i], "--variants") || !strncmp(argv[i], "--variants=", 11)) {
            a->variants = argv[i][10] ? argv[i] + 11 : "";
        } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
            a->quiet = 1;
        } else {
            if (npaths == 1 && argv[i][0] != '-')
                return fprintf(stderr, "honest %s: one directory only (%s, then %s)\n", cmd,
                               paths[0], argv[i]), 2;
            int rc = hn__cmd_opt_other(argv[i], paths, &npaths, cmd);
            if (rc)
                return rc;
        }
    }
    if (npaths && !a->dir)
        a->dir = paths[0];
    return 0;
}

/* Creates dir and its missing parents; 0 or -1 (errno). */
static int make_dirs(const char *dir)
{
    char *d = strdup(dir);
    int rc = d ? 0 : -1;
    for (char *p = d ? strchr(d + 1, '/') : NULL; p && rc == 0; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (mkdir(d, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    if (rc == 0 && d && mkdir(d, 0777) != 0 && errno != EEXIST)
        rc = -1;
    free(d);
    return rc;
}

/* Runs s until SIGINT or SIGTERM (blocked before its threads start, so that
 * only this thread takes them), then prints the summary. */
static int run(hn__serve *s, const char *cmd, const char *what)
{
    char err[2400];
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (hn__serve_start(s, err, sizeof err) != 0) {
        fprintf(stderr, "honest %s: %s\n", cmd, err);
        hn__serve_free(s);
        return 2;
    }
    printf("honest %s: %s\n", cmd, hn__serve_base(s));
    fflush(stdout);
    fprintf(stderr, "honest %s: %s; GET %s/__honest/summary for the summary; SIGINT (Ctrl-C) "
            "or SIGTERM stops\n", cmd, what, hn__serve_base(s));
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    hn__serve_stop(s);
    hn__buf b = {0};
    hn__serve_summary_text(s, &b);
    printf("%s", hn__buf_str(&b));
    fflush(stdout);
    hn__buf_free(&b);
    hn__serve_free(s);
    return 0;
}

static int port_of(const args *a, const char *cmd, int *port)
{
    long p = 0;
    if (a->port && (hn__cmd_opt_long(a->port, 0, &p, cmd, "--port") || p > 65535))
        return p > 65535 ? fprintf(stderr, "honest %s: --port %ld: at most 65535\n", cmd, p),
               -1 : -1;
    *port = (int)p;
    return 0;
}

int hn__cmd_serve(int argc, char **argv)
{
    args a = {0};
    int rc = parse(&a, argc, argv, "serve"), port = 0;
    if (rc == 0 && !a.dir)
        rc = (fprintf(stderr, "honest serve: name the fixtures directory: honest serve DIR\n"), 2);
    if (rc == 0 && (a.upstream || a.record || a.placeholder || a.cacert))
        rc = (fprintf(stderr, "honest serve: --upstream, --record, --base-placeholder and "
                              "--cacert are options of honest proxy\n"), 2);
    if (rc == 0 && port_of(&a, "serve", &port))
        rc = 2;
    long seed = (long)(time(NULL) ^ getpid()) & 0x7fffffff;
    if (rc == 0 && a.seed && hn__cmd_opt_long(a.seed, 0, &seed, "serve", "--seed"))
        rc = 2;
    if (rc) {
        usage_serve(rc == 1 ? stdout : stderr);
        return rc == 1 ? 0 : 2;
    }
    char err[2400];
    hn__serve_config cfg = {.name = "honest serve", .port = port, .tls_cert = a.cert,
                            .tls_key = a.key, .log = !a.quiet, .variants = a.variants,
                            .seed = (uint64_t)seed};
    hn__serve *s = hn__serve_new(&cfg, err, sizeof err);
    long n = s ? hn__serve_load_dir(s, a.dir, err, sizeof err) : -1;
    if (n == 0)
        snprintf(err, sizeof err, "directory %s holds no fixture (no *.json file); record "
                 "some with honest proxy or honest record, or name the right directory", a.dir);
    if (n <= 0) {
        fprintf(stderr, "honest serve: %s\n", err);
        hn__serve_free(s);
        return 2;
    }
    char what[1200];
    if (a.variants)
        snprintf(what, sizeof what, "answering from %ld fixtures in %s with variants (seed %ld)",
                 n, a.dir, seed);
    else
        snprintf(what, sizeof what, "answering from %ld fixtures in %s", n, a.dir);
    return run(s, "serve", what);
}

int hn__cmd_proxy(int argc, char **argv)
{
    args a = {0};
    int rc = parse(&a, argc, argv, "proxy"), port = 0;
    const char *record = a.record ? a.record : "missing";
    if (rc == 0 && (a.variants || a.seed))
        rc = (fprintf(stderr, "honest proxy: --variants and --seed are options of honest serve\n"), 2);
    if (rc == 0 && (!a.upstream || !a.dir))
        rc = (fprintf(stderr, "honest proxy: give --upstream URL and --fixtures DIR\n"), 2);
    if (rc == 0 && strcmp(record, "missing") && strcmp(record, "all"))
        rc = (fprintf(stderr, "honest proxy: --record=%s: expected missing or all\n", record), 2);
    if (rc == 0 && strncmp(a.upstream, "http://", 7) && strncmp(a.upstream, "https://", 8))
        rc = (fprintf(stderr, "honest proxy: --upstream %s: expected an http:// or https:// "
                             "URL\n", a.upstream), 2);
    if (rc == 0 && port_of(&a, "proxy", &port))
        rc = 2;
    if (rc) {
        usage_proxy(rc == 1 ? stdout : stderr);
        return rc == 1 ? 0 : 2;
    }
    if (make_dirs(a.dir) != 0) {
        fprintf(stderr, "honest proxy: cannot create %s: %s\n", a.dir, strerror(errno));
        return 2;
    }
    char upstream[2048];
    snprintf(upstream, sizeof upstream, "%s", a.upstream);
    size_t ulen = strlen(upstream);
    while (ulen > 8 && upstream[ulen - 1] == '/')
        upstream[--ulen] = '\0';
    char err[2400];
    hn__serve_config cfg = {.name = "honest proxy", .port = port, .tls_cert = a.cert,
                            .tls_key = a.key, .log = !a.quiet, .upstream = upstream,
                            .record_dir = a.dir, .placeholder = a.placeholder,
                            .record_all = !strcmp(record, "all"),
                            .cainfo = a.cacert};
    hn__serve *s = hn__serve_new(&cfg, err, sizeof err);
    long n = s ? hn__serve_load_dir(s, a.dir, err, sizeof err) : -1;
    if (n < 0) {
        fprintf(stderr, "honest proxy: %s\n", err);
        hn__serve_free(s);
        return 2;
    }
    char what[3000];
    snprintf(what, sizeof what, "forwarding to %s, recording (--record=%s) into %s as ${%s}; "
             "%ld fixtures there already", upstream, record, a.dir,
             a.placeholder ? a.placeholder : "UPSTREAM", n);
    return run(s, "proxy", what);
}
