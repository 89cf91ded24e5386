/* SPDX-License-Identifier: MIT */
/* docs.h: what the selftests that run the docs' examples share: the blocks
 * marked in a docs page, and text made comparable by regular expressions.
 * The helpers fail the running test (HN_ASSERT) when a block is missing. */
#ifndef ST_DOCS_H
#define ST_DOCS_H

/* text with every match of the extended regular expression pattern replaced
 * by with (a new string). */
char *st_replace_all(const char *text, const char *pattern, const char *with);
/* The fenced block after the line `<!-- st: NAME -->` in the file at path (a
 * new string). */
char *st_doc_block(const char *path, const char *name);
/* The text of the file rel under the directory root (a new string); fails
 * the test when it cannot be read. */
char *st_read_source(const char *root, const char *rel);
/* Calls check(ARG, block) for each fenced block of the file rel under root
 * marked `<!-- KIND: ARG -->`, as a scanner over its lines (empty lines
 * too): a marker arms it, the fence that follows opens the block, the next
 * fence closes it. Returns how many blocks were checked. */
int st_doc_each(const char *root, const char *rel, const char *kind,
                void (*check)(const char *arg, const char *text));

#endif
