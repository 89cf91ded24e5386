/* SPDX-License-Identifier: MIT */
/* runner_lean.c: what the launcher does to keep each fork cheap, seen from
 * inside real test processes (progs/lean.c): its state out of their reach,
 * the free heap given back and settled (small blocks carved on few
 * pages), large relocated read-only data a file's pages, few page faults on
 * a test process's way in; none of it with --no-fork. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

HN_SUITE(runner_lean, .teardown = rt_cleanup);

HN_TEST(runner_lean, forked_tests_fork_from_a_lean_launcher)
{
    st_proc p;
    RT_RUN(&p, "lean", "--jobs=1", "--color=never");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.free_heap_is_given_back ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.large_relocated_data_is_a_file_mapping ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.launcher_keeps_its_state_to_itself ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.a_test_process_takes_few_page_faults ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.the_fake_clock_is_not_linked_unused ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.no_restartable_sequence_in_a_test_process ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.a_trivial_test_copies_no_page_of_the_programs_data ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.small_blocks_write_few_heap_pages ");
    HN_CHECK_STR_EQ(st_last_line(&p), "9 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    /* Two at a time: each test process still sees the same. */
    RT_RUN(&p, "lean", "--jobs=2", "--repeat=3", "--color=never");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "27 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(runner_lean, in_process_tests_see_memory_as_it_was)
{
    st_proc p;
    rt_run(&p, "lean", RT_ARGS("--no-fork", "--color=never"), RT_ARGS("LEAN_IN_PROCESS=1"), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    lean.no_restartable_sequence_in_a_test_process ");
    HN_CHECK_STR_EQ(st_last_line(&p), "9 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

static int by_value(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* The launcher takes one page fault for each fork (the stack page fork
 * itself writes; a plain fork loop takes two: the thread's restartable
 * sequence area, which the kernel writes after a fork, is not registered in
 * the launcher), wherever its stack starts: what it writes between two forks lies
 * on one page. The stack's start moves with the environment: LEAN_PAD
 * shifts it by up to most of a page, in 8 steps of 512 bytes. */
HN_TEST(runner_lean, the_launcher_writes_one_stack_page_between_forks)
{
    if (RT_SANITIZE[0])
        return; /* a sanitizer writes shadow memory of the stack too */
    for (int step = 0; step < 8; step++) {
        char file[600], pad[4200], env_faults[640];
        snprintf(file, sizeof file, "%s/faults-%d", rt_tmpdir(), step);
        snprintf(env_faults, sizeof env_faults, "LEAN_FAULTS=%s", file);
        snprintf(pad, sizeof pad, "LEAN_PAD=%0*d", step * 512 + 1, 0);
        st_proc p;
        rt_run(&p, "lean",
               RT_ARGS("--jobs=1", "--repeat=41", "--filter=lean.launcher_faults_so_far"),
               RT_ARGS(env_faults, pad), 0);
        HN_ASSERT_EQ(p.exit_code, 0);
        st_proc_free(&p);
        size_t len;
        char *text = st_read_file(file, &len);
        HN_ASSERT(text != NULL);
        long seen[64], step_faults[64];
        int n = 0;
        for (char *at = text; n < 64 && *at;) {
            char *end;
            seen[n++] = strtol(at, &end, 10);
            at = end + (*end == '\n');
        }
        free(text);
        HN_ASSERT_EQ(n, 41);
        for (int i = 1; i < n; i++)
            step_faults[i - 1] = seen[i] - seen[i - 1];
        qsort(step_faults, (size_t)n - 1, sizeof *step_faults, by_value);
        HN_LOG("LEAN_PAD of %d bytes: the launcher took %ld page faults for the median fork",
               step * 512 + 1, step_faults[(n - 1) / 2]);
        HN_CHECK_LE(step_faults[(n - 1) / 2], 1);
    }
}

/* The launcher places its loop's frames and the running test's context on
 * one stack page, wherever its stack starts: without address space
 * randomisation, the start moves in 16-byte steps with the size of the
 * environment, and at every one of a page's 256 steps the launcher and its
 * tests run as they should. (A context placed past the block made for it
 * overwrote, at some of them, the launcher's own frame: it died of SIGSEGV.) */
HN_TEST(runner_lean, the_launcher_runs_wherever_its_stack_starts)
{
    static char pad[4200];
    int failed = 0;
    for (int step = 0; step < 256; step++) {
        snprintf(pad, sizeof pad, "LEAN_PAD=%0*d", step * 16 + 1, 0);
        st_proc p;
        rt_run(&p, "lean", RT_ARGS("--jobs=1", "--filter=lean.launcher_faults_so_far"),
               RT_ARGS(pad, "LEAN_FIXED_STACK=1"), 0);
        if (p.exit_code != 0 || strcmp(st_last_line(&p), "1 passed, 0 failed, 0 skipped") != 0) {
            HN_LOG("LEAN_PAD of %d bytes: exit %d, %s", step * 16 + 1, p.exit_code,
                   st_last_line(&p));
            failed++;
        }
        st_proc_free(&p);
    }
    HN_CHECK_EQ(failed, 0);
}

/* A forked test process takes 2 page faults more than a plain fork's child
 * on its way to the test's body, and a passing assertion at most 1 (its
 * site: progs/lean.c): in the best of three runs, since the load addresses
 * of a run can put that way on one more page. A page the framework touched
 * for nothing (a sigsetjmp of the C library's, a table a switch of the
 * assertion was made into, the test's context in the program's data)
 * would be one more in every run. */
HN_TEST(runner_lean, a_test_process_faults_twice_more_than_a_plain_fork)
{
    if (RT_SANITIZE[0])
        return; /* a sanitizer's own pages */
    long best = 1000, best_assertion = 1000;
    for (int run = 0; run < 3; run++) {
        st_proc p;
        RT_RUN(&p, "lean", "--jobs=1", "--show-output",
               "--filter=lean.a_test_process_takes_few_page_faults");
        HN_ASSERT_EQ(p.exit_code, 0);
        const char *mine = strstr(p.out, "page faults so far: ");
        const char *plain = strstr(p.out, "a plain fork's child: ");
        const char *assertion = strstr(p.out, "a passing assertion: ");
        HN_ASSERT(mine != NULL && plain != NULL && assertion != NULL);
        long extra = strtol(mine + strlen("page faults so far: "), NULL, 10) -
                     strtol(plain + strlen("a plain fork's child: "), NULL, 10);
        long by_assertion = strtol(assertion + strlen("a passing assertion: "), NULL, 10);
        HN_LOG("run %d: %ld page faults more than a plain fork's child, %ld for an assertion",
               run + 1, extra, by_assertion);
        best = extra < best ? extra : best;
        best_assertion = by_assertion < best_assertion ? by_assertion : best_assertion;
        st_proc_free(&p);
    }
    HN_CHECK_LE(best, 2);
    HN_CHECK_LE(best_assertion, 1);
}

/* With the doubles and the fixture module linked in (progs/lean.c built as
 * lean_parts), whose hooks run before and after every test, a trivial test
 * still copies no page of the program's data: a part with nothing to reset,
 * verify or clean up writes nothing (a double not used since it was last
 * cleared is not cleared again). */
HN_TEST(runner_lean, the_parts_write_nothing_in_a_trivial_test)
{
    if (RT_SANITIZE[0])
        return; /* the launcher leaves memory as it is */
    st_proc p;
    RT_RUN(&p, "lean_parts", "--jobs=1", "--color=never",
           "--filter=lean.a_trivial_test_copies_no_page_of_the_programs_data");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}
