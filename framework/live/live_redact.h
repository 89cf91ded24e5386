/* SPDX-License-Identifier: MIT */
/* live_redact.h: differences and live answers made safe to show: every
 * report, log and message of verify, --live and --record goes through here
 * (the rules and the text scrubbing are fixtures/redact.h). */
#ifndef HN_LIVE_REDACT_H
#define HN_LIVE_REDACT_H

#include <honest/diff.h>

#include "fixtures/redact.h"
#include "live/http_client.h"

/* Learns the secrets of a live answer (its sensitive headers and fields,
 * as a recording would redact them) into r. 0 or -1 (out of memory). */
int hn__live_redact_learn(hn__redact *r, const hn__http_response *live);
/* A copy of d safe to show: a side whose path is sensitive
 * (hn__redact_show_path) shows HN__REDACTED as its value, and every other
 * value, note and path goes through hn__redact_show. A new list the caller
 * frees; NULL when out of memory. */
hn_diff *hn__live_redact_diff(const hn__redact *r, const hn_diff *d);
/* hn__redact_show over *text in place (a malloc'd string or NULL): 0, or -1
 * when out of memory (then *text is freed and NULL, never left in clear). */
int hn__live_redact_text(const hn__redact *r, char **text);

#endif
