/* SPDX-License-Identifier: MIT */
/* serve_variant.c: variants in `honest serve`: a matched request answered
 * with a seeded mutation of its fixture's response (--variants[=KINDS]), or
 * with the one a client asks for in the header X-Honest-Variant (KIND or
 * KIND@PATH); the answer names what it mutated in the same header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/buf.h"
#include "base/rng.h"
#include "serve/serve_impl.h"
#include "variants/variants.h"

/* How long `slow` keeps a client waiting before the connection is closed:
 * past the timeouts clients usually set, bounded so that a run ends. */
#define SLOW_MS 3000

int hn__serve_variants_init(hn__serve *s, char *err, size_t errlen)
{
    if (!s->cfg.variants)
        return 0;
    if (hn__vkind_list_parse(s->cfg.variants, &s->vmask, err, errlen) != 0)
        return -1;
    s->vstate = s->cfg.seed;
    return 0;
}

/* The place of fx that `asked` names ("KIND" or "KIND@PATH"), or, without
 * one, a place drawn with the server's generator. -1 when there is none,
 * with the reason in why. */
static long pick(hn__serve *s, const char *asked, const hn__variant_place *p, size_t n,
                 hn__buf *why)
{
    if (asked) {
        const char *at = strchr(asked, '@');
        size_t klen = at ? (size_t)(at - asked) : strlen(asked);
        for (size_t i = 0; i < n; i++)
            if (strlen(hn__vkind_name((int)p[i].kind)) == klen &&
                !strncmp(hn__vkind_name((int)p[i].kind), asked, klen) &&
                (!at || !strcmp(p[i].path, at + 1)))
                return (long)i;
        hn__buf_printf(why, "no place of the fixture for X-Honest-Variant: %s; its places:", asked);
        for (size_t i = 0; i < n && i < 40; i++)
            hn__buf_printf(why, " %s@%s", hn__vkind_name((int)p[i].kind), p[i].path);
        return -1;
    }
    if (!n) {
        hn__buf_puts(why, "the fixture has no place the kinds of --variants can mutate");
        return -1;
    }
    pthread_mutex_lock(&s->lock);
    uint64_t r = hn__rng_next(&s->vstate);
    pthread_mutex_unlock(&s->lock);
    return (long)(r % n);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

enum MHD_Result hn__serve_reply_variant(hn__serve *s, struct MHD_Connection *c,
                                        const hn_fixture *fx, const char *asked)
{
    hn__variant_place *places = NULL;
    size_t n = 0;
    hn__buf why = {0};
    uint32_t mask = asked ? HN__VK_ALL : s->vmask;
    long i = hn__variant_places(fx, mask, &places, &n) == 0 ? pick(s, asked, places, n, &why) : -1;
    char err[512] = "";
    char *value = NULL;
    hn_fixture *v = i >= 0 ? hn__variant_apply(fx, places[i].kind, places[i].path, &value, err,
                                               sizeof err) : NULL;
    enum MHD_Result ok;
    if (!v) {
        /* A variant the client asked for and cannot have is its mistake. */
        if (!why.len)
            hn__buf_puts(&why, err[0] ? err : "out of memory");
        char *body;
        hn__buf j = {0};
        hn__buf_puts(&j, "{\"error\": ");
        hn__buf_quote_json(&j, hn__buf_str(&why));
        hn__buf_puts(&j, "}\n");
        body = hn__buf_take(&j);
        static const char *const type[] = {"Content-Type", "application/json"};
        ok = asked ? hn__serve_reply(s, c, 400, type, 1, body, strlen(body))
                   : hn__serve_reply_fixture(s, c, fx);
        free(body);
    } else {
        char shown[1200];
        snprintf(shown, sizeof shown, "%s@%s", hn__vkind_name((int)places[i].kind),
                 places[i].path);
        if (s->cfg.log)
            fprintf(stderr, "%s: variant %s of fixture %s%s%s\n", s->cfg.name, shown,
                    hn_fixture_name(fx), value ? ": " : "", value ? value : "");
        pthread_mutex_lock(&s->lock);
        s->variants_served++;
        pthread_mutex_unlock(&s->lock);
        if (places[i].kind == HN__VK_SLOW)
            sleep_ms(SLOW_MS);
        ok = hn__serve_reply_fixture_copy(s, c, v, "X-Honest-Variant", shown);
        hn_fixture_free(v);
    }
    free(value);
    hn__buf_free(&why);
    hn__variant_places_free(places, n);
    return ok;
}
