/* SPDX-License-Identifier: MIT */
/* fixture_check.h: the validator's walk over a parsed fixture, shared by the
 * top level and verify block (fixture_check.c) and the messages (fixture_msg.c). */
#ifndef HN_FIXTURE_CHECK_H
#define HN_FIXTURE_CHECK_H

#include <stddef.h>

#include "fixture_impl.h"
#include "json_text.h"

struct cJSON;

/* Where the walk is: errors point at the node c->path leads to. */
typedef struct hn__fixture_ctx {
    hn_fixture *fx;
    const char *text; /* source text, or NULL when built in memory */
    size_t len;
    const char *section; /* "" (top level), "request", "response", "verify" */
    hn_fixture_error *err;
    size_t depth;
    int path[HN__JSON_TEXT_MAX_DEPTH + 2]; /* child positions from the root */
} hn__fixture_ctx;

/* Enters child i of the current node / returns to its parent. */
void hn__fixture_check_push(hn__fixture_ctx *c, int i);
void hn__fixture_check_pop(hn__fixture_ctx *c);
/* Records an error about the current node (its key when `key`) in c->err,
 * with the node's line and column when the source text is known. Returns -1. */
int hn__fixture_check_fail(hn__fixture_ctx *c, int key, hn_fixture_errcode code, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
/* Records "out of memory"; returns -1. */
int hn__fixture_check_nomem(hn__fixture_ctx *c);
/* "an object", "a string", ... for messages. */
const char *hn__fixture_check_type(const struct cJSON *v);
/* The first member `name` of obj and its position (*index), or NULL. */
const struct cJSON *hn__fixture_check_field(const struct cJSON *obj, const char *name, int *index);
/* Enters member `name` of obj (as hn__fixture_check_push) and returns it;
 * NULL, entering nothing, when it is absent. */
const struct cJSON *hn__fixture_check_enter(hn__fixture_ctx *c, const struct cJSON *obj,
                                            const char *name);
/* Every member of obj is one of `fields` (NULL-terminated) and appears once;
 * else an unknown-field or duplicate error. Returns 0 or -1. */
int hn__fixture_check_members(hn__fixture_ctx *c, const struct cJSON *obj,
                              const char *const *fields);
/* Member `name` of obj as a non-empty string in *out (NULL when absent and
 * not required). `example` shows a good value in messages. Returns 0 or -1. */
int hn__fixture_check_string(hn__fixture_ctx *c, const struct cJSON *obj, const char *name,
                             int required, const char *example, const char **out);
/* Member `name` as an integer in [min, max] in *out, which keeps its value
 * when the member is absent and not required. Returns 0 or -1. */
int hn__fixture_check_int(hn__fixture_ctx *c, const struct cJSON *obj, const char *name,
                          int required, int min, int max, const char *example, int *out);
/* Member `name` when it is an object, NULL when absent, and (const cJSON *)-1
 * after recording a type error. */
const struct cJSON *hn__fixture_check_object(hn__fixture_ctx *c, const struct cJSON *obj,
                                             const char *name, int *index);

/* The request and response objects (fixture_msg.c): fill c->fx->req and
 * c->fx->resp. Return 0, or -1 after recording an error. */
int hn__fixture_msg_request(hn__fixture_ctx *c, const struct cJSON *r);
int hn__fixture_msg_response(hn__fixture_ctx *c, const struct cJSON *r);

#endif
