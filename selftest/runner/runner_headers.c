/* SPDX-License-Identifier: MIT */
/* runner_headers.c: the public headers (docs/architecture.md, "Public
 * headers"): each compiles alone in C11 and C++17 with -Werror, <honest.h>
 * neither includes cJSON's header nor names a cJSON type, and a cJSON tree in
 * HN_ASSERT_JSON_EQ takes <honest/diff.h>, with a message that says so. */
#include <honest.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

HN_SUITE(runner_headers, .teardown = rt_cleanup);

/* Compiles src (C or C++ by its suffix) as std with -Wall -Wextra
 * -Wpedantic -Werror against the source tree's include/, to an object
 * (so that GCC's error attribute is diagnosed), and fills p. */
static void compile(st_proc *p, const char *compiler, const char *std, const char *src)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s' -std=%s -Wall -Wextra -Wpedantic -Werror -c -o /dev/null -I'%s/include' '%s' "
             "2>&1",
             compiler, std, RT_REPO_DIR, src);
    rt_sh(p, cmd, NULL, 60000);
}

/* Writes text to dir/name and returns its path (rt_path's buffer). */
static const char *source(const char *dir, const char *name, const char *text)
{
    const char *path = rt_path(dir, name);
    HN_ASSERT_EQ(st_write_file(path, text), 0);
    return path;
}

/* The public headers: "honest.h" and "honest/NAME.h" for every header of
 * include/honest/, NULL-terminated; *n is the count. */
static char **public_headers(size_t *n)
{
    DIR *d = opendir(RT_REPO_DIR "/include/honest");
    HN_ASSERT_NOT_NULL(d);
    char **v = calloc(128, sizeof *v);
    HN_ASSERT_NOT_NULL(v);
    *n = 0;
    v[(*n)++] = strdup("honest.h");
    for (struct dirent *e; (e = readdir(d)) && *n < 127;) {
        size_t len = strlen(e->d_name);
        if (len > 2 && !strcmp(e->d_name + len - 2, ".h")) {
            char *h = NULL;
            HN_ASSERT_NE(asprintf(&h, "honest/%s", e->d_name), -1);
            v[(*n)++] = h;
        }
    }
    closedir(d);
    return v;
}

static void free_headers(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

HN_TEST(runner_headers, each_public_header_compiles_alone_in_c11_and_cxx17)
{
    const char *dir = rt_tmpdir();
    size_t n = 0;
    char **headers = public_headers(&n);
    int tool_library = 0;
    for (size_t i = 0; i < n; i++) {
        char text[256];
        snprintf(text, sizeof text, "#include <%s>\n", headers[i]);
        tool_library += !strcmp(headers[i], "honest/fixture.h") ||
                        !strcmp(headers[i], "honest/diff.h") ||
                        !strcmp(headers[i], "honest/verify.h");
        st_proc p;
        compile(&p, RT_CC, "c11", source(dir, "alone.c", text));
        if (p.exit_code != 0)
            HN_FAIL("<%s> alone does not compile as C11:\n%s", headers[i], p.out);
        st_proc_free(&p);
        if (!RT_CXX[0])
            continue;
        compile(&p, RT_CXX, "c++17", source(dir, "alone.cpp", text));
        if (p.exit_code != 0)
            HN_FAIL("<%s> alone does not compile as C++17:\n%s", headers[i], p.out);
        st_proc_free(&p);
    }
    HN_CHECK_EQ(tool_library, 3);
    HN_CHECK_GE(n, 15);
    free_headers(headers);
}

/* The files the preprocessor reads for `#include <header>` (make's
 * dependency list, from -M). malloc'd. */
static char *dependencies(const char *dir, const char *header)
{
    char text[256], cmd[8192];
    snprintf(text, sizeof text, "#include <%s>\n", header);
    snprintf(cmd, sizeof cmd, "'%s' -M -I'%s/include' '%s' 2>&1", RT_CC, RT_REPO_DIR,
             source(dir, "deps.c", text));
    st_proc p;
    rt_sh(&p, cmd, NULL, 60000);
    HN_ASSERT_EQ(p.exit_code, 0);
    char *out = strdup(p.out);
    st_proc_free(&p);
    return out;
}

HN_TEST(runner_headers, no_public_header_includes_cjson)
{
    const char *dir = rt_tmpdir();
    size_t n = 0;
    char **headers = public_headers(&n);
    for (size_t i = 0; i < n; i++) {
        char *deps = dependencies(dir, headers[i]);
        /* The list is real: it holds the header itself. */
        HN_CHECK_STR_CONTAINS(deps, headers[i]);
        if (strstr(deps, "cJSON.h"))
            HN_FAIL("<%s> includes cJSON's header:\n%s", headers[i], deps);
        free(deps);
    }
    free_headers(headers);
}

/* A program that gives the tag cJSON a meaning of its own (an enum): any
 * declaration of struct cJSON before it, cJSON's own header included,
 * conflicts with it. It also compares JSON text, which <honest.h> alone
 * takes. */
static const char own_cjson[] =
    "enum cJSON { not_cjson_at_all, still_not_cjson };\n"
    "struct mine { enum cJSON kind; };\n"
    "int mine_kind(const struct mine *m);\n"
    "int mine_kind(const struct mine *m) { return m->kind == still_not_cjson; }\n"
    "HN_TEST(own, json_text)\n"
    "{\n"
    "    const char *got = \"{\\\"id\\\": 7}\";\n"
    "    HN_ASSERT_JSON_EQ(got, \"{\\\"id\\\": 7}\");\n"
    "}\n";

HN_TEST(runner_headers, honest_h_leaves_the_name_cjson_to_the_program)
{
    const char *dir = rt_tmpdir();
    char text[2048];
    snprintf(text, sizeof text, "#include <honest.h>\n%s", own_cjson);
    st_proc p;
    compile(&p, RT_CC, "c11", source(dir, "own.c", text));
    if (p.exit_code != 0)
        HN_FAIL("after <honest.h>, a program cannot name its own cJSON:\n%s", p.out);
    st_proc_free(&p);
    if (RT_CXX[0]) {
        compile(&p, RT_CXX, "c++17", source(dir, "own.cpp", text));
        if (p.exit_code != 0)
            HN_FAIL("after <honest.h>, a C++ program cannot name its own cJSON:\n%s", p.out);
        st_proc_free(&p);
    }
    /* The same program is refused after the differ's header, which names
     * struct cJSON, and after cJSON's own: the probe tells them apart. */
    static const char *const naming[] = {"#include <honest/diff.h>\n",
                                         "#include <cjson/cJSON.h>\n"};
    for (size_t i = 0; i < sizeof naming / sizeof naming[0]; i++) {
        snprintf(text, sizeof text, "#include <honest.h>\n%s%s", naming[i], own_cjson);
        compile(&p, RT_CC, "c11", source(dir, "named.c", text));
        HN_CHECK_NE(p.exit_code, 0);
        HN_CHECK_STR_CONTAINS(p.out, "cJSON");
        st_proc_free(&p);
    }
}

/* A test that passes a cJSON tree to HN_ASSERT_JSON_EQ. */
static const char tree_test[] =
    "#include <cjson/cJSON.h>\n"
    "#include <honest.h>\n"
    "%s"
    "HN_TEST(trees, compared)\n"
    "{\n"
    "    cJSON *got = cJSON_Parse(\"{\\\"id\\\": 7}\");\n"
    "    const char *want = \"{\\\"id\\\": 7}\";\n"
    "    HN_ASSERT_JSON_EQ(want, want);\n"
    "    HN_ASSERT_JSON_EQ(got, want);\n"
    "    cJSON_Delete(got);\n"
    "}\n";

HN_TEST(runner_headers, a_cjson_tree_in_json_eq_takes_honest_diff_h)
{
    const char *dir = rt_tmpdir();
    static const char *const langs[][3] = {{"c", "c11", RT_CC}, {"cpp", "c++17", RT_CXX}};
    for (size_t i = 0; i < 2; i++) {
        if (!langs[i][2][0])
            continue;
        char text[2048], name[32];
        snprintf(name, sizeof name, "tree.%s", langs[i][0]);
        /* <honest.h> alone: text compiles, a tree stops with the way out. */
        snprintf(text, sizeof text, tree_test, "");
        st_proc p;
        compile(&p, langs[i][2], langs[i][1], source(dir, name, text));
        HN_CHECK_NE(p.exit_code, 0);
        HN_CHECK_STR_CONTAINS(p.out, "to pass a cJSON tree, #include <honest/diff.h>");
        HN_CHECK_STR_CONTAINS(p.out, "error");
        HN_LOG("%s without <honest/diff.h>:\n%s", langs[i][1], p.out);
        st_proc_free(&p);
        /* With it, the same test compiles. */
        snprintf(text, sizeof text, tree_test, "#include <honest/diff.h>\n");
        compile(&p, langs[i][2], langs[i][1], source(dir, name, text));
        if (p.exit_code != 0)
            HN_FAIL("a tree in HN_ASSERT_JSON_EQ with <honest/diff.h> (%s):\n%s", langs[i][1],
                    p.out);
        st_proc_free(&p);
    }
}
