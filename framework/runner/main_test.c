/* SPDX-License-Identifier: MIT */
/* main_test.c: the main of every test binary; users write only tests. */
#include "runner/runner.h"

int main(int argc, char **argv)
{
    return hn__runner_main(argc, argv);
}
