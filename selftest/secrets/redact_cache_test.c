/* SPDX-License-Identifier: MIT */
/* redact_cache_test.c: the starting redactions of one run
 * (hn__redact_bases): each directory its own rules files' rules, the
 * environment's secrets learnt once, each redaction handed out its own (a
 * secret learnt into one is unknown to the next), a bad rules file reported
 * as hn__redact_load_beside reports it, and watched rules files read again
 * when they appear, change or go (hn__redact_bases_watch). */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixtures/redact_impl.h"
#include "support.h"

static char *subdir(const char *root, const char *name, const char *rules)
{
    char *dir = st_join(root, name);
    HN_ASSERT_EQ(mkdir(dir, 0700), 0);
    if (rules) {
        char *file = st_join(dir, HN__REDACT_FILE);
        HN_ASSERT_EQ(st_write_file(file, rules), 0);
        free(file);
    }
    return dir;
}

static int knows(const hn__redact *r, const char *secret)
{
    return hn__redact_leaks(r, secret, strlen(secret));
}

HN_TEST(redact_cache, each_directory_its_rules_each_interaction_its_secrets)
{
    char *root = st_tmpdir();
    char *a = subdir(root, "a", "nickname\n"), *b = subdir(root, "b", NULL);
    char *fa = st_join(a, "one.json"), *fb = st_join(b, "two.json");
    setenv("HN_ST_CACHE_TOKEN", "env-s3cret-value-41", 1);
    hn__redact_bases *bases = hn__redact_bases_new();
    HN_ASSERT_NOT_NULL(bases);
    unsetenv("HN_ST_CACHE_TOKEN"); /* learnt when the bases were made */
    char err[1200];
    int rc = 1;
    hn__redact *ra = hn__redact_bases_get(bases, fa, &rc, err, sizeof err);
    HN_ASSERT_NOT_NULL(ra);
    HN_CHECK_EQ(rc, 0);
    hn__redact *rb = hn__redact_bases_get(bases, fb, &rc, err, sizeof err);
    HN_ASSERT_NOT_NULL(rb);
    HN_CHECK(hn__redact_is_sensitive(ra, HN__REDACT_FIELD, "nickname"));
    HN_CHECK(!hn__redact_is_sensitive(rb, HN__REDACT_FIELD, "nickname"));
    HN_CHECK(knows(ra, "x env-s3cret-value-41 y"));
    HN_CHECK(knows(rb, "x env-s3cret-value-41 y"));
    /* What one interaction learns stays in its own redaction. */
    HN_ASSERT_EQ(hn__redact_add_secret(ra, "only-in-the-first-1", 19, "FIRST"), 0);
    HN_CHECK(knows(ra, "only-in-the-first-1"));
    hn__redact *ra2 = hn__redact_bases_get(bases, fa, &rc, err, sizeof err);
    HN_ASSERT_NOT_NULL(ra2);
    HN_CHECK(!knows(ra2, "only-in-the-first-1"));
    HN_CHECK(hn__redact_is_sensitive(ra2, HN__REDACT_FIELD, "nickname"));
    /* A copy shows text as the original does. */
    hn__redact *copy = hn__redact_copy(ra);
    HN_ASSERT_NOT_NULL(copy);
    const char *text = "{\"nickname\": \"al\", \"x\": \"only-in-the-first-1 env-s3cret-value-41\"}";
    char *want = hn__redact_show(ra, text), *got = hn__redact_show(copy, text);
    HN_CHECK_STR_EQ(got, want);
    HN_CHECK(got && !strstr(got, "only-in-the-first-1"));
    free(want);
    free(got);
    hn__redact_free(copy);
    hn__redact_free(ra);
    hn__redact_free(ra2);
    hn__redact_free(rb);
    hn__redact_bases_free(bases);
    free(fa);
    free(fb);
    free(a);
    free(b);
    st_rmtree(root);
    free(root);
}

HN_TEST(redact_cache, a_bad_rules_file_is_reported_as_the_loader_reports_it)
{
    char *root = st_tmpdir();
    char *c = subdir(root, "c", "nickname\n$.[[not a path\n");
    char *fc = st_join(c, "three.json");
    hn__redact_bases *bases = hn__redact_bases_new();
    HN_ASSERT_NOT_NULL(bases);
    char err[1200], want[1200];
    hn__redact *fresh = hn__redact_new();
    HN_ASSERT_NOT_NULL(fresh);
    HN_CHECK_EQ(hn__redact_load_beside(fresh, fc, want, sizeof want), -1);
    for (int round = 0; round < 2; round++) { /* read once, reported each time */
        int rc = 0;
        hn__redact *r = hn__redact_bases_get(bases, fc, &rc, err, sizeof err);
        HN_ASSERT_NOT_NULL(r);
        HN_CHECK_EQ(rc, -1);
        HN_CHECK_STR_EQ(err, want);
        HN_CHECK_STR_CONTAINS(err, ".honest-redact:2:");
        /* The rules before the fault stay in force, as with the loader. */
        HN_CHECK(hn__redact_is_sensitive(fresh, HN__REDACT_FIELD, "nickname"));
        HN_CHECK(hn__redact_is_sensitive(r, HN__REDACT_FIELD, "nickname"));
        hn__redact_free(r);
    }
    hn__redact_free(fresh);
    hn__redact_bases_free(bases);
    free(fc);
    free(c);
    st_rmtree(root);
    free(root);
}

/* The rules of fixture path f as bases hands them out now: 1 when name is
 * a sensitive field; fails the test on an error. */
static int sensitive_now(hn__redact_bases *bases, const char *f, const char *name)
{
    char err[1200];
    int rc = 1;
    hn__redact *r = hn__redact_bases_get(bases, f, &rc, err, sizeof err);
    HN_ASSERT_NOT_NULL(r);
    HN_CHECK_EQ(rc, 0);
    int yes = hn__redact_is_sensitive(r, HN__REDACT_FIELD, name);
    hn__redact_free(r);
    return yes;
}

HN_TEST(redact_cache, watched_rules_files_are_read_again_when_they_change)
{
    char *root = st_tmpdir();
    char *a = subdir(root, "a", NULL), *b = subdir(root, "b", "nickname\n");
    char *fa = st_join(a, "one.json"), *fb = st_join(b, "two.json");
    char *rules = st_join(a, HN__REDACT_FILE), *above = st_join(root, HN__REDACT_FILE);
    hn__redact_bases *plain = hn__redact_bases_new(), *watched = hn__redact_bases_new();
    HN_ASSERT_NOT_NULL(plain);
    HN_ASSERT_NOT_NULL(watched);
    hn__redact_bases_watch(watched);
    HN_CHECK(!sensitive_now(plain, fa, "nickname"));
    HN_CHECK(!sensitive_now(watched, fa, "nickname"));
    /* A rules file appears beside the fixtures. */
    HN_ASSERT_EQ(st_write_file(rules, "nickname\n"), 0);
    HN_CHECK(sensitive_now(watched, fa, "nickname"));
    HN_CHECK(!sensitive_now(plain, fa, "nickname")); /* unwatched: read once */
    /* Edited in place to another rule of the same length. */
    FILE *f = fopen(rules, "r+");
    HN_ASSERT_NOT_NULL(f);
    fputs("nickbame\n", f);
    fclose(f);
    HN_CHECK(!sensitive_now(watched, fa, "nickname"));
    HN_CHECK(sensitive_now(watched, fa, "nickbame"));
    /* A file in a directory above counts too. */
    HN_ASSERT_EQ(st_write_file(above, "surname\n"), 0);
    HN_CHECK(sensitive_now(watched, fa, "surname"));
    HN_CHECK(sensitive_now(watched, fb, "surname"));
    HN_CHECK(sensitive_now(watched, fb, "nickname")); /* b's own file still read */
    /* Removed: its rule is gone. */
    HN_ASSERT_EQ(remove(rules), 0);
    HN_CHECK(!sensitive_now(watched, fa, "nickbame"));
    HN_CHECK(sensitive_now(watched, fa, "surname"));
    hn__redact_bases_free(plain);
    hn__redact_bases_free(watched);
    free(rules);
    free(above);
    free(fa);
    free(fb);
    free(a);
    free(b);
    st_rmtree(root);
    free(root);
}
