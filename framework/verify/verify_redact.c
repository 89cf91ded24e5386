/* SPDX-License-Identifier: MIT */
/* verify_redact.c: a verify item made safe to show before any report sees
 * it: no placeholder's value, no secret of the live answer, no value at a
 * sensitive name or path, in every field a report prints. */
#include "verify/verify_redact.h"

#include <stdlib.h>
#include <string.h>

#include "live/live_redact.h"

hn__redact *hn__verify_redact_start(hn__redact_bases *bases, const char *fixture_path, int *rc,
                                    char *err, size_t errlen)
{
    if (bases)
        return hn__redact_bases_get(bases, fixture_path, rc, err, errlen);
    hn__redact *r = hn__redact_new();
    *rc = r ? hn__redact_load_beside(r, fixture_path, err, errlen) : 0;
    return r;
}

/* The redaction that knows everything this item may leak; NULL: no memory. */
static hn__redact *knowing(const hn__verify_config *cfg, hn__redact_bases *bases,
                           const hn__verify_item *it, const hn_fixture *fx,
                           const hn__http_response *live, const hn__http_response *second)
{
    char why[1200];
    int rc;
    /* A rules file that cannot be read leaves the defaults in force; the
     * writers (--update) report it. */
    hn__redact *r = hn__verify_redact_start(bases, it->path, &rc, why, sizeof why);
    if (!r)
        return NULL;
    int bad = fx && hn__redact_learn_fixture(r, fx, cfg->lookup, cfg->lookup_data);
    if (!bad && live && live->result == HN__HTTP_OK)
        bad = hn__live_redact_learn(r, live);
    if (!bad && second && second->result == HN__HTTP_OK)
        bad = hn__live_redact_learn(r, second);
    if (bad) {
        hn__redact_free(r);
        return NULL;
    }
    return r;
}

static void drop(char **s)
{
    free(*s);
    *s = NULL;
}

void hn__verify_redact_item(const hn__verify_config *cfg, hn__redact_bases *bases,
                            hn__verify_item *it, const hn_fixture *fx,
                            const hn__http_response *live, const hn__http_response *second)
{
    hn__redact *r = knowing(cfg, bases, it, fx, live, second);
    char **fields[] = {&it->url, &it->name, &it->service, &it->error, &it->changes};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (!r || hn__live_redact_text(r, fields[i]))
            drop(fields[i]);
    for (size_t i = 0; i < it->nvolatile; i++)
        if (!r || hn__live_redact_text(r, &it->volatile_paths[i]))
            it->volatile_paths[i] = strdup("$");
    if (it->diff) {
        hn_diff *shown = r ? hn__live_redact_diff(r, it->diff) : NULL;
        hn_diff_free(it->diff);
        it->diff = shown ? shown : hn_diff_new();
    }
    hn__redact_free(r);
}
