/* SPDX-License-Identifier: MIT */
/* session_test.c: the session library tested with the fitting double for
 * each dependency: its own token_new (stub, spy, fake through the link seam),
 * libc's clock (honest's fake clock), the store's callbacks (hn_fn mocks and
 * spies) and the arguments a path must not touch (dummies). */
#include <honest.h>

#include <string.h>

#include "session.h"

/* token_new is our own function: a link-seam double, declared from its real
 * prototype in session.h (a drifted signature would not compile). */
HN_DOUBLE(int, token_new, char *, size_t);

#define T0 1700000000 /* 2023-11-14T22:13:20Z */

/* A fake token source: a working implementation with token_new's type. */
static int fixed_token(char *out, size_t n)
{
    strncpy(out, "tok-1", n);
    return 0;
}

/* Stub: the token source fails; nothing is saved. */
HN_TEST(session, no_token_no_session)
{
    HN_FN(session_save_fn, int, save, void *, const char *, const char *, long);
    session_store store = {save, HN_DUMMY(session_log_fn), HN_DUMMY(void *)};
    HN_RETURNS(token_new, -1);

    session s;
    HN_ASSERT_EQ(session_open(&s, "alice", &store), SESSION_ETOKEN);
    HN_ASSERT_NOT_CALLED(save);
}

/* Spy: the real token source runs, and we see how it was asked. */
HN_TEST(session, token_fills_the_whole_field)
{
    HN_FN(session_save_fn, int, save, void *, const char *, const char *, long);
    HN_RETURNS(save, 0);
    session_store store = {save, HN_DUMMY(session_log_fn), NULL};
    HN_CALLS_REAL(token_new);

    session s;
    HN_ASSERT_EQ(session_open(&s, "alice", &store), SESSION_OK);
    HN_ASSERT_CALLED(token_new, 1);
    HN_ASSERT_EQ(HN_ARG(token_new, 0, 1), sizeof s.token);
    HN_ASSERT_EQ(strlen(s.token), sizeof s.token - 1);
}

/* Fake (our token source) and mock (the store): the session is saved once
 * with the token, the user and an expiry thirty minutes ahead of the fake
 * clock; ctx is a dummy the library must hand over without touching. */
HN_TEST(session, saved_with_token_user_and_expiry)
{
    hn_clock_fake(T0);
    HN_CALLS(token_new, fixed_token);
    void *ctx = HN_DUMMY(void *);
    HN_FN(session_save_fn, int, save, void *, const char *, const char *, long);
    HN_EXPECT_CALL(save, hn_eq(ctx), hn_str_eq("tok-1"), hn_str_eq("alice"),
                   hn_eq((long)T0 + SESSION_TTL_S), .returns = 0);
    session_store store = {save, HN_DUMMY(session_log_fn), ctx};

    session s;
    HN_ASSERT_EQ(session_open(&s, "alice", &store), SESSION_OK);
    HN_ASSERT_STR_EQ(s.token, "tok-1");
}

/* Fake clock: expiry without waiting thirty minutes. */
HN_TEST(session, expires_after_thirty_minutes)
{
    hn_clock_fake(T0);
    HN_CALLS(token_new, fixed_token);
    HN_FN(session_save_fn, int, save, void *, const char *, const char *, long);
    HN_RETURNS(save, 0);
    session_store store = {save, HN_DUMMY(session_log_fn), NULL};

    session s;
    HN_ASSERT_EQ(session_open(&s, "alice", &store), SESSION_OK);
    hn_clock_advance_s(SESSION_TTL_S - 1);
    HN_ASSERT(!session_expired(&s));
    hn_clock_advance_s(1);
    HN_ASSERT(session_expired(&s));
}

/* Fake clock and spies: a store that keeps failing is tried three times with
 * 1 s and 2 s between, which the fake clock answers at once; the failure is
 * logged once. */
HN_TEST(session, failing_store_is_retried_with_backoff)
{
    hn_clock_fake(T0);
    HN_CALLS(token_new, fixed_token);
    HN_FN(session_save_fn, int, save, void *, const char *, const char *, long);
    HN_FN(session_log_fn, void, log_line, void *, const char *);
    HN_RETURNS(save, -1);
    session_store store = {save, log_line, NULL};

    session s;
    HN_ASSERT_EQ(session_open(&s, "alice", &store), SESSION_ESTORE);
    HN_ASSERT_CALLED(save, SESSION_SAVE_ATTEMPTS);
    HN_ASSERT_EQ(hn_clock_sleep_count(), 2u);
    HN_ASSERT_EQ(hn_clock_slept_ns(), 3 * INT64_C(1000000000));
    HN_ASSERT_CALLED(log_line, 1);
    HN_ASSERT_STR_EQ(HN_ARG(log_line, 0, 1), "session store unavailable");
}

/* Dummies: an invalid user is refused before anything else is used; any
 * use of the store or the token source would fail this test by name. */
HN_TEST(session, invalid_user_touches_nothing)
{
    session_store *store = HN_DUMMY(session_store *);
    session *s = HN_DUMMY(session *);
    HN_ASSERT_EQ(session_open(s, "", store), SESSION_EINVAL);
    HN_ASSERT_EQ(session_open(s, NULL, store), SESSION_EINVAL);
    HN_ASSERT_NOT_CALLED(token_new);
}
