/* SPDX-License-Identifier: MIT */
/* runner_lean.c: what the launcher does to keep each fork cheap, seen from
 * inside real test processes (progs/lean.c): its state out of their reach,
 * the free heap given back, large relocated read-only data a file's pages,
 * few page faults on a test process's way in; none of it with --no-fork. */
#include <honest.h>

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
    HN_CHECK_STR_EQ(st_last_line(&p), "4 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    /* Two at a time: each test process still sees the same. */
    RT_RUN(&p, "lean", "--jobs=2", "--repeat=3", "--color=never");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "12 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(runner_lean, in_process_tests_see_memory_as_it_was)
{
    st_proc p;
    rt_run(&p, "lean", RT_ARGS("--no-fork", "--color=never"), RT_ARGS("LEAN_IN_PROCESS=1"), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "4 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}
