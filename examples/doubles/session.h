/* SPDX-License-Identifier: MIT */
/* session.h: a small login-session library, the code under test of the
 * doubles example: it depends on a function of its own (token_new), on libc
 * (time, sleep) and on a table of callbacks its user supplies (the store). */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <time.h>

/* Where sessions are kept: callbacks of the application (a database, a
 * cache). ctx is handed back to each callback untouched. */
typedef int (*session_save_fn)(void *ctx, const char *token, const char *user,
                               long expires_at);
typedef void (*session_log_fn)(void *ctx, const char *line);
typedef struct session_store {
    session_save_fn save; /* 0 on success, -1 when the store is unavailable */
    session_log_fn log;   /* one line about a failure */
    void *ctx;
} session_store;

typedef struct session {
    char token[33];
    char user[64];
    time_t expires_at;
} session;

enum {
    SESSION_OK = 0,
    SESSION_EINVAL = -1, /* no user name, or too long */
    SESSION_ETOKEN = -2, /* no token could be made */
    SESSION_ESTORE = -3  /* the store failed three times */
};

/* Sessions last thirty minutes. */
#define SESSION_TTL_S (30 * 60)
/* Attempts to save before giving up; the waits between them double from 1 s. */
#define SESSION_SAVE_ATTEMPTS 3

/* Writes a new random token of n - 1 hex digits and a NUL to out; returns 0,
 * or -1 when the system's random source fails (token.c). */
int token_new(char *out, size_t n);

/* Opens a session for user and saves it in store, retrying a failing store
 * with back-off. Returns SESSION_OK or a SESSION_E* code; s is filled on
 * success only. An invalid user is refused before the store is looked at. */
int session_open(session *s, const char *user, const session_store *store);

/* Nonzero once the session's thirty minutes are over. */
int session_expired(const session *s);

#endif
