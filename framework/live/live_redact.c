/* SPDX-License-Identifier: MIT */
/* live_redact.c: differences and live answers made safe to show: every
 * report, log and message of verify, --live and --record goes through here
 * (the rules and the text scrubbing are fixtures/redact.h). */
#include "live/live_redact.h"

#include <stdlib.h>
#include <string.h>

#include "live/record.h"

int hn__live_redact_learn(hn__redact *r, const hn__http_response *live)
{
    return hn__record_learn_response(r, live);
}

/* The side to show of s at path; *v and *note are freed by the caller. */
static hn_diff_side side_shown(const hn__redact *r, const hn_diff_side *s, int hide, char **v,
                               char **note)
{
    hn_diff_side out = *s;
    *v = *note = NULL;
    if (!s->type)
        return out;
    if (s->value) {
        *v = hide ? strdup("\"" HN__REDACTED "\"") : hn__redact_show(r, s->value);
        out.value = *v ? *v : "\"" HN__REDACTED "\"";
        out.truncated = hide ? 0 : s->truncated;
    }
    if (s->note) {
        *note = hn__redact_show(r, s->note);
        out.note = *note ? *note : HN__REDACTED;
    }
    return out;
}

hn_diff *hn__live_redact_diff(const hn__redact *r, const hn_diff *d)
{
    hn_diff *out = hn_diff_new();
    for (size_t i = 0; out && i < hn_diff_count(d); i++) {
        const hn_diff_entry *e = hn_diff_at(d, i);
        int hide = hn__redact_show_path(r, e->path);
        char *va, *na, *vb, *nb, *path = hn__redact_show(r, e->path);
        hn_diff_side a = side_shown(r, &e->a, hide, &va, &na);
        hn_diff_side b = side_shown(r, &e->b, hide, &vb, &nb);
        int rc = path ? hn_diff_add(out, e->kind, path, a.type ? &a : NULL, b.type ? &b : NULL)
                      : -1;
        free(path);
        free(va);
        free(na);
        free(vb);
        free(nb);
        if (rc) {
            hn_diff_free(out);
            return NULL;
        }
    }
    return out;
}

int hn__live_redact_text(const hn__redact *r, char **text)
{
    if (!*text)
        return 0;
    char *shown = hn__redact_show(r, *text);
    size_t n = strlen(*text);
    memset(*text, 0, n);
    free(*text);
    *text = shown;
    return shown ? 0 : -1;
}
