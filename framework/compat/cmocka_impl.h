/* SPDX-License-Identifier: MIT */
/* cmocka_impl.h: what the files of the cmocka layer share. */
#ifndef HN_CMOCKA_IMPL_H
#define HN_CMOCKA_IMPL_H

/* Fails the running test for every test_malloc block not given back with
 * test_free (at the block's allocation site), after the test's teardown
 * (not called when the test failed already). */
void hn__cm_alloc_verify(void);
/* Frees the blocks the test leaked (so --no-fork runs stay clean). */
void hn__cm_alloc_cleanup(void);

/* Does nothing: cmocka_run.c calls it so that a program that queues nothing
 * still links cmocka_mock.c, whose module runs hn__cm_alloc_verify. */
void hn__cm_queues_linked(void);

#endif
