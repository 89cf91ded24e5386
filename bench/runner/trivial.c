/* SPDX-License-Identifier: MIT */
/* trivial.c: the small static program that `floor exec` runs once per test:
 * one integer equality, exit status 0 when it holds. */
static volatile int value = 7;

int main(void)
{
    return value == 7 ? 0 : 1;
}
