/* SPDX-License-Identifier: MIT */
/* verify_policy.c: what a verify run replays (safe methods; unsafe ones only
 * when asked), how much each kind of difference weighs (--severity and the
 * fixture's "severity"), what a refused credential says, and --shard. */
#include "verify/verify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "fixtures/fixtures.h"

static const char *const level_words[] = {"", "drift", "warn", "ignore"};

static hn__verify_severity level_of(const char *word)
{
    for (int i = 1; word && i < 4; i++)
        if (!strcmp(word, level_words[i]))
            return (hn__verify_severity)i;
    return HN__SEV_DEFAULT;
}

int hn__verify_policy_parse(const char *spec, hn__verify_policy *p, char *err, size_t errlen)
{
    const char *s = spec;
    while (*s) {
        size_t len = strcspn(s, ",");
        char item[64];
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item ? len : sizeof item - 1), s);
        char *eq = strchr(item, '=');
        hn_diff_kind k = 0;
        hn__verify_severity v = HN__SEV_DEFAULT;
        if (eq) {
            *eq = '\0';
            k = hn_diff_kind_from_word(item);
            v = level_of(eq + 1);
        }
        if (!eq || !k || (int)k >= HN__VERIFY_NKINDS || v == HN__SEV_DEFAULT) {
            snprintf(err, errlen, "--severity %s: \"%.*s\" is not KIND=LEVEL; KIND is added, "
                     "removed, type_changed, value_changed, status_changed or header_changed, "
                     "LEVEL is drift, warn or ignore (for example --severity "
                     "added=warn,removed=drift)", spec, (int)len, s);
            return -1;
        }
        p->kind[k] = v;
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

/* The severity of a difference of kind k in fixture fx: the fixture's
 * "severity" rule, else the run's, else the default (added: warn; every
 * other kind: drift). */
static hn__verify_severity severity_of(const hn__verify_policy *run, const hn_fixture *fx,
                                       hn_diff_kind k)
{
    hn__verify_severity v = fx ? level_of(hn__fixture_severity(fx, hn_diff_kind_word(k)))
                               : HN__SEV_DEFAULT;
    if (v == HN__SEV_DEFAULT && run && (int)k < HN__VERIFY_NKINDS)
        v = run->kind[k];
    if (v == HN__SEV_DEFAULT)
        v = k == HN_DIFF_ADDED ? HN__SEV_WARN : HN__SEV_DRIFT;
    return v;
}

size_t hn__verify_weigh(const hn__verify_policy *run, const hn_fixture *fx, hn__verify_item *it)
{
    size_t n = hn_diff_count(it->diff), drift = 0;
    hn_diff *kept = hn_diff_new();
    unsigned char *warn = calloc(n ? n : 1, 1);
    if (!kept || !warn) {
        hn_diff_free(kept);
        free(warn);
        return (size_t)-1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const hn_diff_entry *e = hn_diff_at(it->diff, i);
        hn__verify_severity v = severity_of(run, fx, e->kind);
        if (v == HN__SEV_IGNORE)
            continue;
        if (hn_diff_add(kept, e->kind, e->path, e->a.type ? &e->a : NULL,
                        e->b.type ? &e->b : NULL)) {
            hn_diff_free(kept);
            free(warn);
            return (size_t)-1;
        }
        warn[k++] = v == HN__SEV_WARN;
        if (v == HN__SEV_WARN)
            it->nwarnings++;
        else
            drift++;
    }
    hn_diff_free(it->diff);
    it->diff = kept;
    free(it->warn);
    it->warn = warn;
    return drift;
}

/* Methods that do not change the service's state (RFC 9110, 9.2.1). */
static int safe_method(const char *m)
{
    static const char *const safe[] = {"GET", "HEAD", "OPTIONS", "TRACE", NULL};
    for (const char *const *s = safe; *s; s++)
        if (!strcasecmp(m ? m : "GET", *s))
            return 1;
    return 0;
}

char *hn__verify_replay_skip(const hn_fixture *fx, int unsafe)
{
    const char *replay = hn__fixture_replay(fx), *method = hn_fixture_method(fx);
    char *why = NULL;
    if (replay && !strcmp(replay, "always"))
        return NULL;
    if (replay && !strcmp(replay, "never")) {
        if (asprintf(&why, "not replayed: the fixture says \"verify\": {\"replay\": \"never\"}") < 0)
            return strdup("not replayed");
        return why;
    }
    if (unsafe || (!replay && safe_method(method)))
        return NULL;
    if (asprintf(&why, "not replayed: %s may change data on the live service, so it is replayed "
                 "only with `honest verify --unsafe`%s", method ? method : "GET",
                 replay ? " (the fixture says \"replay\": \"flag\")"
                        : ", or when the fixture says \"verify\": {\"replay\": \"always\"}") < 0)
        return strdup("not replayed");
    return why;
}

char *hn__verify_unauthorized_text(const hn_fixture *fx, long status)
{
    size_t n;
    const char *const *names = hn_fixture_placeholders(fx, &n);
    hn__buf b = {0};
    hn__buf_printf(&b, "the endpoint refused the credentials: %ld (%s) where the recording has "
                   "%d; not drift. ", status, status == 401 ? "Unauthorized" : "Forbidden",
                   hn_fixture_status(fx));
    if (!n) {
        hn__buf_puts(&b, "The request uses no ${NAME} placeholder: if the endpoint needs a "
                         "credential, put it in the fixture's request as a placeholder "
                         "(honest record redacts Authorization into ${AUTHORIZATION})");
    } else {
        hn__buf_puts(&b, "The request used ");
        for (size_t i = 0; i < n; i++)
            hn__buf_printf(&b, "%s${%s}", i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
        hn__buf_printf(&b, "; check that %s set and valid (not expired, with the needed "
                       "scope)", n == 1 ? "it is" : "they are");
    }
    return hn__buf_take(&b);
}

int hn__verify_shard_parse(const char *spec, int *i, int *n, char *err, size_t errlen)
{
    char *end = NULL;
    long a = strtol(spec, &end, 10), b = 0;
    if (end && *end == '/')
        b = strtol(end + 1, &end, 10);
    if (!end || *end || a < 1 || b < 1 || a > b || b > 100000) {
        snprintf(err, errlen, "--shard %s: expected I/N with 1 <= I <= N, for example "
                 "--shard 2/4 (the second of four shards)", spec);
        return -1;
    }
    *i = (int)a;
    *n = (int)b;
    return 0;
}

/* FNV-1a of the path: the same on every machine and run. */
static uint64_t path_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void hn__verify_shard(char **files, size_t *n, int i, int shard_n)
{
    size_t k = 0;
    for (size_t j = 0; j < *n; j++) {
        const char *p = files[j];
        while (p[0] == '.' && p[1] == '/') /* "./a.json" and "a.json" are one fixture */
            p += 2;
        if (path_hash(p) % (uint64_t)shard_n == (uint64_t)(i - 1))
            files[k++] = files[j];
        else
            free(files[j]);
    }
    *n = k;
}
