/* SPDX-License-Identifier: MIT */
/* doubles_spy_test.c: spies: counts, arguments captured by value and deeply
 * (strings, HN_BUF buffers), assertions on calls, and exact counts and
 * histories from 8 threads of the code under test. */
#include <honest.h>

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int); /* also declared in doubles_stub_test.c */
HN_DOUBLE(int, cut_send, int, const char *);
HN_DOUBLE(long, cut_write, int, HN_BUF(const void *, 2), size_t);
HN_DOUBLE(int, cut_shout, HN_STR(char *));

HN_TEST(doubles_spy, counts_calls_and_keeps_arguments)
{
    HN_CALLS_REAL(cut_add);
    HN_ASSERT_EQ(cut_twice(2), 4);
    HN_ASSERT_EQ(cut_twice(7), 14);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), 2);
    HN_ASSERT_EQ(HN_ARG(cut_add, 0, 0), 2);
    HN_ASSERT_EQ(HN_ARG(cut_add, 1, 1), 7);
    HN_ASSERT_CALLED(cut_add, 2);
}

HN_TEST(doubles_spy, not_called)
{
    HN_ASSERT_NOT_CALLED(cut_add);
    HN_CHECK_NOT_CALLED(cut_send);
    HN_CHECK_CALLED(cut_write, 0);
}

HN_TEST(doubles_spy, string_argument_is_copied_at_call_time)
{
    HN_CALLS_REAL(cut_send);
    HN_ASSERT_EQ(cut_greet(3, "bob"), 9);
    /* cut_greet overwrote its buffer with X after the call. */
    HN_ASSERT_STR_EQ(HN_ARG(cut_send, 0, 1), "hello bob");
    HN_ASSERT_EQ(HN_ARG(cut_send, 0, 0), 3);
}

HN_TEST(doubles_spy, buffer_argument_is_copied_with_its_length)
{
    static const unsigned char want[] = {1, 2, 3, 4, 5};
    HN_RETURNS(cut_write, 5L);
    HN_ASSERT_EQ(cut_push(9, 5), 5);
    /* cut_push zeroed its buffer after the call. */
    HN_ASSERT_MEM_EQ(HN_ARG(cut_write, 0, 1), want, sizeof want);
    HN_ASSERT_EQ(HN_ARG(cut_write, 0, 2), 5);
}

HN_TEST(doubles_spy, annotated_char_pointer_is_copied_as_a_string)
{
    HN_CALLS_REAL(cut_shout);
    HN_ASSERT_EQ(cut_shout_copy("hello"), 5);
    /* The real cut_shout upper-cased the text in place, after the copy. */
    HN_ASSERT_STR_EQ(HN_ARG(cut_shout, 0, 0), "hello");
}

HN_TEST(doubles_spy, called_with_matchers)
{
    cut_greet(1, "ann");
    cut_greet(2, "bob");
    HN_ASSERT_CALLED_WITH(cut_send, hn_eq(2), hn_str_eq("hello bob"));
    HN_ASSERT_CALLED_WITH(cut_send, hn_any(), hn_str_contains("ann"));
}

HN_TEST(doubles_spy, eight_threads_keep_exact_counts_and_histories)
{
    enum { THREADS = 8, CALLS = 120 }; /* 960 calls: all kept */
    HN_CALLS_REAL(cut_add);
    long sum = cut_parallel(THREADS, CALLS);
    long want = 0;
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < CALLS; i++)
            want += t + i;
    HN_ASSERT_EQ(sum, want);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), (size_t)(THREADS * CALLS));
    static unsigned char seen[THREADS][CALLS];
    memset(seen, 0, sizeof seen);
    for (size_t c = 0; c < (size_t)(THREADS * CALLS); c++) {
        int t = HN_ARG(cut_add, c, 0), i = HN_ARG(cut_add, c, 1);
        HN_ASSERT(t >= 0 && t < THREADS && i >= 0 && i < CALLS);
        seen[t][i]++;
    }
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < CALLS; i++)
            HN_ASSERT_EQ(seen[t][i], 1);
}

HN_TEST(doubles_spy, eight_threads_through_a_stub_count_every_call)
{
    HN_RETURNS(cut_add, 1);
    HN_ASSERT_EQ(cut_parallel(8, 20000), 160000);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), 160000);
}

HN_TEST(doubles_spy, counts_stay_exact_past_the_history)
{
    for (int i = 0; i < 3000; i++)
        cut_twice(i);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), 3000);
    HN_ASSERT_EQ(HN_ARG(cut_add, HN_DOUBLE_HISTORY - 1, 0), HN_DOUBLE_HISTORY - 1);
}

/* The size of this program's .bss, read from its own ELF section headers. */
static size_t own_bss(void)
{
    FILE *f = fopen("/proc/self/exe", "rb");
    HN_ASSERT_NOT_NULL(f);
    Elf64_Ehdr eh;
    HN_ASSERT_EQ(fread(&eh, sizeof eh, 1, f), 1);
    HN_ASSERT_EQ(memcmp(eh.e_ident, ELFMAG, SELFMAG), 0);
    Elf64_Shdr *sh = calloc(eh.e_shnum, sizeof *sh);
    HN_ASSERT_NOT_NULL(sh);
    HN_ASSERT_EQ(fseek(f, (long)eh.e_shoff, SEEK_SET), 0);
    HN_ASSERT_EQ(fread(sh, sizeof *sh, eh.e_shnum, f), eh.e_shnum);
    const Elf64_Shdr *strs = &sh[eh.e_shstrndx];
    char *names = malloc(strs->sh_size);
    HN_ASSERT_NOT_NULL(names);
    HN_ASSERT_EQ(fseek(f, (long)strs->sh_offset, SEEK_SET), 0);
    HN_ASSERT_EQ(fread(names, 1, strs->sh_size, f), strs->sh_size);
    size_t bss = 0;
    for (unsigned i = 0; i < eh.e_shnum; i++)
        if (sh[i].sh_name < strs->sh_size && !strcmp(names + sh[i].sh_name, ".bss"))
            bss = sh[i].sh_size;
    free(names);
    free(sh);
    fclose(f);
    return bss;
}

/* A double's history of calls is allocated when the double is first
 * configured or called in a test, so a program reserves no static memory for
 * it: it used to be HN_DOUBLE_HISTORY records in .bss for every double (24 KiB
 * for cut_write alone; this program declares more than ten doubles). */
HN_TEST(doubles_spy, history_takes_no_static_memory)
{
    HN_ASSERT_LT(own_bss(), HN_DOUBLE_HISTORY * sizeof(hn__args_cut_write));
    /* And it is there when needed: the first call, made before any
     * configuration, is recorded. */
    long real = cut_write(5, "abc", 3);
    (void)real;
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_write), 1);
    HN_ASSERT_EQ(HN_ARG(cut_write, 0, 0), 5);
    HN_ASSERT_EQ(HN_ARG(cut_write, 0, 2), 3);
}
