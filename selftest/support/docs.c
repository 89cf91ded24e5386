/* SPDX-License-Identifier: MIT */
/* docs.c: blocks of the docs pages and comparable text, for the selftests
 * that run the docs' examples (serve, verify, http, variants). */
#include "docs.h"

#include <honest.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

char *st_replace_all(const char *text, const char *pattern, const char *with)
{
    regex_t re;
    HN_ASSERT_EQ(regcomp(&re, pattern, REG_EXTENDED), 0);
    size_t cap = strlen(text) * 2 + 64, o = 0;
    char *out = malloc(cap);
    const char *s = text;
    regmatch_t m;
    while (regexec(&re, s, 1, &m, s == text ? 0 : REG_NOTBOL) == 0 && m.rm_eo > 0) {
        size_t need = o + (size_t)m.rm_so + strlen(with) + 1;
        if (need > cap)
            out = realloc(out, cap = need * 2);
        memcpy(out + o, s, (size_t)m.rm_so);
        o += (size_t)m.rm_so;
        strcpy(out + o, with);
        o += strlen(with);
        s += m.rm_eo;
    }
    size_t rest = strlen(s);
    if (o + rest + 1 > cap)
        out = realloc(out, o + rest + 1);
    memcpy(out + o, s, rest + 1);
    regfree(&re);
    return out;
}

char *st_doc_block(const char *path, const char *name)
{
    char *doc = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(doc);
    char marker[256];
    snprintf(marker, sizeof marker, "<!-- st: %s -->\n", name);
    const char *at = strstr(doc, marker);
    HN_ASSERT_NOT_NULL(at);
    const char *open = strstr(at, "```");
    HN_ASSERT_NOT_NULL(open);
    open = strchr(open, '\n') + 1;
    const char *close = strstr(open, "```");
    HN_ASSERT_NOT_NULL(close);
    char *text = strndup(open, (size_t)(close - open));
    free(doc);
    return text;
}

char *st_read_source(const char *root, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char *text = st_read_file(path, NULL);
    if (!text)
        HN_FAIL("cannot read %s", path);
    return text;
}

int st_doc_each(const char *root, const char *rel, const char *kind,
                void (*check)(const char *arg, const char *text))
{
    char *doc = st_read_source(root, rel), *rest = doc, *line, prefix[32];
    char arg[512] = "", block[8192] = "";
    int armed = 0, inside = 0, n = 0;
    snprintf(prefix, sizeof prefix, "<!-- %s: ", kind);
    while ((line = strsep(&rest, "\n")) != NULL) {
        int fence = !strncmp(line, "```", 3);
        if (inside && fence) {
            check(arg, block);
            inside = armed = 0;
            n++;
        } else if (inside) {
            strncat(block, line, sizeof block - strlen(block) - 2);
            strcat(block, "\n");
        } else if (armed && fence) {
            inside = 1;
            block[0] = '\0';
        } else if (!strncmp(line, prefix, strlen(prefix))) {
            snprintf(arg, sizeof arg, "%s", line + strlen(prefix));
            char *end = strstr(arg, " -->");
            HN_ASSERT_NOT_NULL(end);
            *end = '\0';
            armed = 1;
        }
    }
    HN_ASSERT(!inside);
    free(doc);
    return n;
}
