/* SPDX-License-Identifier: MIT */
/* first_test.c: the first test of docs/getting-started.md. */
#include <honest.h>

#include <string.h>

/* The code under test; in a real project it lives in its own file. */
static int count_words(const char *s)
{
    int n = 0, in_word = 0;
    for (; *s; s++) {
        int space = (*s == ' ' || *s == '\t' || *s == '\n');
        n += !space && !in_word;
        in_word = !space;
    }
    return n;
}

HN_TEST(words, counts_a_sentence)
{
    HN_ASSERT_EQ(count_words("the quick brown fox"), 4);
}

HN_TEST(words, ignores_repeated_spaces)
{
    HN_ASSERT_EQ(count_words("  two   words "), 2);
}

HN_TEST(words, empty_string_has_none)
{
    HN_ASSERT_EQ(count_words(""), 0);
}
