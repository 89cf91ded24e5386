/* SPDX-License-Identifier: MIT */
/* verify_redact.h: a verify item made safe to show before any report sees
 * it: no placeholder's value, no secret of the live answer, no value at a
 * sensitive name or path, in every field a report prints. */
#ifndef HN_VERIFY_REDACT_H
#define HN_VERIFY_REDACT_H

#include "fixtures/redact.h"
#include "verify/verify.h"

/* The redaction an item's fixture_path starts from: bases's copy for it
 * (hn__redact_bases_get), or with bases NULL a new one with the rules files
 * beside it loaded (hn__redact_new, hn__redact_load_beside). *rc: what the
 * loading returned (-1: err filled, the defaults and the rules read before
 * the fault kept). NULL when out of memory. */
hn__redact *hn__verify_redact_start(hn__redact_bases *bases, const char *fixture_path, int *rc,
                                    char *err, size_t errlen);

/* Rewrites the printable fields of it (url, name, service, error, changes,
 * volatile paths, the differences) through a redaction built from the
 * defaults, the HN__REDACT_FILE files beside it->path, fx's "redact" rules,
 * the values of fx's placeholders (cfg->lookup) and the secrets of the live
 * answers (live and second may be NULL; fx too, when it did not load). On
 * out of memory a field is emptied, never left in clear. bases: the run's
 * starting redactions (the environment and the files learnt once), or NULL
 * to learn them afresh. */
void hn__verify_redact_item(const hn__verify_config *cfg, hn__redact_bases *bases,
                            hn__verify_item *it, const hn_fixture *fx,
                            const hn__http_response *live, const hn__http_response *second);

#endif
