/* SPDX-License-Identifier: MIT */
/* secrets_canned.c: the function the corpus's canned suite doubles, in a file
 * of its own so that the link seam reaches calls from secrets_canned_prog.c. */
const char *secrets_fetch(int id);

const char *secrets_fetch(int id)
{
    (void)id;
    return 0; /* the real one would call the service */
}
