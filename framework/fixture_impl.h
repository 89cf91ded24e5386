/* SPDX-License-Identifier: MIT */
/* fixture_impl.h: the inside of an hn_fixture and the field tables of format
 * version 1, shared by the loader, the validator and the writer. */
#ifndef HN_FIXTURE_IMPL_H
#define HN_FIXTURE_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#include <honest/fixture.h>

struct cJSON;

typedef struct hn__fixture_header {
    const char *name;  /* as written, points into the document */
    const char *value;
} hn__fixture_header;

/* One message: the request or the response. */
typedef struct hn__fixture_msg {
    const char *method;           /* request only */
    const char *url;              /* request only */
    int status;                   /* response only; 0 for a transport error */
    hn_transport_error error;     /* response only */
    hn__fixture_header *headers;  /* owned array */
    size_t nheaders;
    hn_body_kind kind;
    char *body;                   /* owned, NUL-terminated payload bytes */
    size_t body_len;
    const struct cJSON *json;     /* "body" inside doc (or owned_json), or NULL */
    struct cJSON *owned_json;     /* parsed from a raw "body" given in memory */
} hn__fixture_msg;

struct hn_fixture {
    char *path;             /* owned; "" when none */
    struct cJSON *doc;      /* owned; the strings below point into it */
    char *owned_name;       /* default name, when "name" is absent */
    char *owned_service;    /* default service, when "service" is absent */
    const char *name;
    const char *service;
    const char *description;
    time_t recorded_at;
    int max_age_days;
    hn__fixture_msg req, resp;
    hn_fixture_compare compare;
    const char **ignore;    /* owned array of pointers into doc */
    size_t nignore;
    const char **values;
    size_t nvalues;
    char **placeholders;    /* owned strings */
    size_t nplaceholders;
};

/* The fields of one object of the format, in canonical (writing) order. */
typedef struct hn__fixture_section {
    const char *name;               /* "" for the top level */
    const char *const *fields;      /* NULL-terminated */
} hn__fixture_section;

/* The sections of version 1: top level, request, response, verify; the list
 * ends with a NULL name. The schema test compares docs/fixture.schema.json
 * with it. */
extern const hn__fixture_section hn__fixture_sections[];
/* The fields of section `name` (NULL-terminated), or NULL. */
const char *const *hn__fixture_fields(const char *name);

/* Fills e (which may be NULL) and returns -1. */
int hn__fixture_errorf(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                       int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
int hn__fixture_verrorf(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                        int line, int column, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* Fills e for the node reached by a path of child positions in text (its
 * key when `key`; no position when text is NULL or the path is absent) and
 * returns -1. */
int hn__fixture_error_at(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                         const char *text, size_t len, const int *path, size_t depth, int key,
                         const char *fmt, ...) __attribute__((format(printf, 9, 10)));
int hn__fixture_verror_at(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                          const char *text, size_t len, const int *path, size_t depth,
                          int key, const char *fmt, va_list ap)
    __attribute__((format(printf, 9, 0)));
/* Reads a whole file into a malloc'd NUL-terminated buffer (*len bytes).
 * Returns NULL with *err filled (HN_FIXTURE_E_IO; errno kept). */
char *hn__fixture_read_file(const char *path, size_t *len, hn_fixture_error *err);

/* Validates fx->doc (text: its source, or NULL when built in memory) and fills
 * every field of fx. Returns 0, or -1 with *err filled. (fixture_check.c) */
int hn__fixture_check(hn_fixture *fx, const char *text, size_t len, hn_fixture_error *err);

/* Scans s for placeholders. Calls found(name, namelen, data) for each
 * ${NAME}; returns 0, or the 1-based offset of a malformed "${" (so that 0
 * means none). (fixture_env.c) */
size_t hn__fixture_env_scan(const char *s, void (*found)(const char *, size_t, void *),
                            void *data);

#endif
