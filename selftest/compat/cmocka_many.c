/* SPDX-License-Identifier: MIT */
/* cmocka_many.c: a cmocka group of 64 tests listed in the reverse of the
 * order they are defined in, each with its own prestate and every other one
 * with a setup of its own. A test process finds its entry by its name (see
 * framework/compat/cmocka_run.c): each test checks that it got its own
 * state and setup. Driven by compat_test.c, forked and in one process. */
#include <honest/cmocka.h>

#define N 64

static int slots[N];
static int set_up[N]; /* 1: this process ran the setup of slot i */

/* The setup of the odd tests: marks its own slot. */
static int mark(void **state)
{
    set_up[(int *)*state - slots] = 1;
    return 0;
}

/* Test i: its state is &slots[i], and only the odd ones were set up. In one
 * process, set_up keeps earlier tests' marks: only slot i is checked. */
#define T(i)                                                                    \
    static void t##i(void **state)                                              \
    {                                                                           \
        assert_ptr_equal(*state, &slots[i]);                                    \
        assert_int_equal(set_up[i], (i) % 2);                                   \
    }
#define E(i)                                                                    \
    cmocka_unit_test_prestate_setup_teardown(t##i, (i) % 2 ? mark : NULL, NULL, &slots[i]),

T(0) T(1) T(2) T(3) T(4) T(5) T(6) T(7)
T(8) T(9) T(10) T(11) T(12) T(13) T(14) T(15)
T(16) T(17) T(18) T(19) T(20) T(21) T(22) T(23)
T(24) T(25) T(26) T(27) T(28) T(29) T(30) T(31)
T(32) T(33) T(34) T(35) T(36) T(37) T(38) T(39)
T(40) T(41) T(42) T(43) T(44) T(45) T(46) T(47)
T(48) T(49) T(50) T(51) T(52) T(53) T(54) T(55)
T(56) T(57) T(58) T(59) T(60) T(61) T(62) T(63)

int main(void)
{
    const struct CMUnitTest many[] = {
        E(63) E(62) E(61) E(60) E(59) E(58) E(57) E(56)
        E(55) E(54) E(53) E(52) E(51) E(50) E(49) E(48)
        E(47) E(46) E(45) E(44) E(43) E(42) E(41) E(40)
        E(39) E(38) E(37) E(36) E(35) E(34) E(33) E(32)
        E(31) E(30) E(29) E(28) E(27) E(26) E(25) E(24)
        E(23) E(22) E(21) E(20) E(19) E(18) E(17) E(16)
        E(15) E(14) E(13) E(12) E(11) E(10) E(9) E(8)
        E(7) E(6) E(5) E(4) E(3) E(2) E(1) E(0)
    };
    return cmocka_run_group_tests(many, NULL, NULL);
}
