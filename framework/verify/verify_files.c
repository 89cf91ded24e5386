/* SPDX-License-Identifier: MIT */
/* verify_files.c: the fixture files of a verify run: paths given, and
 * directories walked once each (by device and inode), regular *.json only. */
#include "verify/verify.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"

typedef struct list {
    char **v;
    size_t n, cap;
} list;

static int list_add(list *l, char *s)
{
    if (!s)
        return -1;
    if (hn__grow(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
        free(s);
        return -1;
    }
    l->v[l->n++] = s;
    return 0;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && !strcmp(s + a - b, tail);
}

/* The directories a walk has entered, by device and inode: each is read
 * once, so symbolic links that loop (or lead to a directory twice) cannot
 * repeat fixtures or make the walk explode. */
typedef struct seen {
    struct { dev_t dev; ino_t ino; } *v;
    size_t n, cap;
} seen;

/* 1 when st's directory was entered before; else remembers it and returns
 * 0 (-1 on out-of-memory). */
static int seen_before(seen *s, const struct stat *st)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].dev == st->st_dev && s->v[i].ino == st->st_ino)
            return 1;
    if (hn__grow(&s->v, &s->cap, s->n + 1, sizeof *s->v))
        return -1;
    s->v[s->n].dev = st->st_dev;
    s->v[s->n++].ino = st->st_ino;
    return 0;
}

/* Adds the *.json regular files under dir (dot files and directories
 * skipped; a FIFO or device named *.json too: reading it could block). */
static int walk(list *l, seen *s, const char *dir, char *err, size_t errlen)
{
    struct stat dst;
    int again = stat(dir, &dst) == 0 ? seen_before(s, &dst) : 0;
    if (again)
        return again < 0 ? (snprintf(err, errlen, "out of memory"), -1) : 0;
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: cannot read the directory: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *path = NULL;
        struct stat st;
        if (asprintf(&path, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", e->d_name) < 0) {
            rc = -1;
            snprintf(err, errlen, "out of memory");
            break;
        }
        if (stat(path, &st) != 0) {
            /* a dangling link: not a fixture */
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(l, s, path, err, errlen);
        } else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".json")) {
            rc = list_add(l, path);
            path = NULL;
            if (rc)
                snprintf(err, errlen, "out of memory");
        }
        free(path);
    }
    closedir(d);
    return rc;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int hn__verify_files(const char *const *paths, size_t npaths, char ***files, size_t *n,
                     char *err, size_t errlen)
{
    list l = {0};
    seen dirs = {0}; /* across the paths given: two names of one directory */
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < npaths; i++) {
        struct stat st;
        size_t before = l.n;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errlen, "%s: %s; give fixture files or directories of them",
                     paths[i], strerror(errno));
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            size_t known = dirs.n;
            rc = walk(&l, &dirs, paths[i], err, errlen);
            if (rc == 0 && l.n == before && dirs.n > known) { /* not walked before */
                snprintf(err, errlen, "%s: no fixtures (*.json files) in this directory",
                         paths[i]);
                rc = -1;
            }
        } else if (list_add(&l, strdup(paths[i]))) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
    }
    free(dirs.v);
    if (rc == 0 && l.n)
        qsort(l.v, l.n, sizeof *l.v, by_text);
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < l.n; i++) {
        if (k && !strcmp(l.v[k - 1], l.v[i]))
            free(l.v[i]);
        else
            l.v[k++] = l.v[i];
    }
    if (rc) {
        for (size_t i = 0; i < l.n; i++)
            free(l.v[i]);
        free(l.v);
        return -1;
    }
    *files = l.v;
    *n = k;
    return 0;
}

/* ---- the run ------------------------------------------------------------ */

