/* SPDX-License-Identifier: MIT */
/* dummy_impl.h: the names of the functions of the loaded objects, gathered
 * when a dummy is made, so that the SIGSEGV handler can name the function
 * that used a dummy without calling dladdr (not async-signal-safe). */
#ifndef HN_DUMMY_IMPL_H
#define HN_DUMMY_IMPL_H

#include <stdint.h>

/* Gathers the function symbols of every loaded object (their .dynsym, as
 * dladdr reads), again only when objects were loaded or unloaded since the
 * last time. Not async-signal-safe: called when a dummy is made. */
void hn__dummy_syms_refresh(void);

/* The name of the function holding code address pc, or, for an address in a
 * shared library with no symbol there, the library's file name; NULL when
 * unknown. Async-signal-safe: reads only what refresh gathered. */
const char *hn__dummy_syms_find(uintptr_t pc);

#endif
