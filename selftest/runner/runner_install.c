/* SPDX-License-Identifier: MIT */
/* runner_install.c: honest installed with `cmake --install` into a
 * temporary prefix serves a project outside its tree, through
 * find_package(honest) + honest_add_test + ctest, through pkg-config, and
 * through make with pkg-config and honest-config (tally/); and libhonest.so
 * exports only public names, main and the interposers living in libraries of
 * their own (libhonest_main, libhonest_clock, libhonest_http). */
#include <honest.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

HN_SUITE(runner_install, .teardown = rt_cleanup);

/* Sanitizer builds install instrumented libraries; their users need the
 * same flags. */
static const char *sanitize_flags(void)
{
    static char flags[256];
    snprintf(flags, sizeof flags, "%s%s", RT_SANITIZE[0] ? "-fsanitize=" : "", RT_SANITIZE);
    return flags;
}

/* Installs the build tree into dir/prefix; returns the prefix (static). */
static const char *install(const char *dir)
{
    static char prefix[4200];
    char cmd[9000];
    st_proc p;
    snprintf(prefix, sizeof prefix, "%s/prefix", dir);
    /* Tests that install take turns (see compat_install.c). */
    snprintf(cmd, sizeof cmd, "flock '%s/.honest-install.lock' '%s' --install '%s' --prefix '%s'",
             RT_BUILD_DIR, RT_CMAKE, RT_BUILD_DIR, prefix);
    rt_sh(&p, cmd, NULL, 60000);
    if (p.exit_code != 0)
        HN_FAIL("cmake --install failed (%d):\n%s%s", p.exit_code, p.out, p.err);
    st_proc_free(&p);
    static const char *const installed[] = {
        "include/honest.h",
        "include/honest/test.h",
        "include/honest/fixture.h",
        "include/honest/diff.h",
        "include/honest/verify.h",
        "include/honest/json_assert.h",
        "include/honest/fixture_use.h",
        RT_LIBDIR "/libhonest.a",
        RT_LIBDIR "/cmake/honest/honestConfig.cmake",
        RT_LIBDIR "/cmake/honest/HonestTest.cmake",
        RT_LIBDIR "/pkgconfig/honest.pc",
        RT_LIBDIR "/pkgconfig/honest-clock.pc",
        RT_LIBDIR "/pkgconfig/honest-http.pc",
        RT_LIBDIR "/libhonest_main.a",
        RT_LIBDIR "/libhonest_clock.so",
        RT_LIBDIR "/libhonest_http.so",
        RT_LIBDIR "/cmake/honest/HonestScan.cmake",
        RT_LIBDIR "/cmake/honest/HonestWrapFlags.cmake",
        "bin/honest",
        "bin/honest-config",
        "share/honest/fixture.schema.json",
    };
    for (size_t i = 0; i < sizeof installed / sizeof installed[0]; i++)
        if (access(rt_path(prefix, installed[i]), F_OK) != 0)
            HN_FAIL("cmake --install did not install %s", installed[i]);
    return prefix;
}

/* Configures the project in RT_SRC_DIR/project against the honest installed
 * in prefix (as CMAKE_BUILD_TYPE type, unless type is "") and builds it in
 * dir/build; p holds the build's run. Fails the test when it does not
 * configure and build. */
static void cmake_build(st_proc *p, const char *dir, const char *prefix, const char *project,
                        const char *build, const char *type)
{
    char cmd[16384], type_def[64] = "";
    if (*type)
        snprintf(type_def, sizeof type_def, "-DCMAKE_BUILD_TYPE=%s", type);
    snprintf(cmd, sizeof cmd,
             "'%s' -S '%s/%s' -B '%s/%s' -DCMAKE_PREFIX_PATH='%s' %s "
             "-DCMAKE_C_COMPILER='%s' -DCMAKE_C_FLAGS='%s' -DCMAKE_EXE_LINKER_FLAGS='%s' 2>&1 && "
             "'%s' --build '%s/%s' -j2 2>&1",
             RT_CMAKE, RT_SRC_DIR, project, dir, build, prefix, type_def, RT_CC,
             sanitize_flags(), sanitize_flags(), RT_CMAKE, dir, build);
    rt_sh(p, cmd, NULL, 120000);
    if (p->exit_code != 0)
        HN_FAIL("the %s project did not configure and build (%d):\n%s", project, p->exit_code,
                p->out);
}

HN_TEST(runner_install, find_package_project_builds_and_ctest_runs_its_tests)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    char cmd[16384];
    st_proc p;
    cmake_build(&p, dir, prefix, "consumer", "build", "");
    /* It found the installed package, not the build tree. */
    char *cache = rt_read(rt_path(dir, "build/CMakeCache.txt"));
    char want[4400];
    snprintf(want, sizeof want, "honest_DIR:PATH=%s/%s/cmake/honest", prefix, RT_LIBDIR);
    HN_CHECK_STR_CONTAINS(cache, want);
    free(cache);
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd, "'%s' --test-dir '%s/build' -j2 2>&1", RT_CTEST, dir);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "greet.says_hello ");
    HN_CHECK_STR_CONTAINS(p.out, "greet.truncates_to_the_buffer ");
    HN_CHECK_STR_CONTAINS(p.out, "greet.refuses_null ");
    HN_CHECK_STR_CONTAINS(p.out, "100% tests passed, 0 tests failed out of 3");
    st_proc_free(&p);
    /* ctest -R selects a single test by its name. */
    snprintf(cmd, sizeof cmd, "'%s' --test-dir '%s/build' -R greet.refuses_null -V 2>&1", RT_CTEST,
             dir);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "1 passed, 0 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "100% tests passed, 0 tests failed out of 1");
    st_proc_free(&p);
}

/* 1 when flags hold OPTION followed by a path to the directory dir. */
static int has_dir(const char *flags, const char *option, const char *dir)
{
    char want[PATH_MAX], got[PATH_MAX], word[PATH_MAX];
    if (!realpath(dir, want))
        return 0;
    for (const char *p = flags; *p;) {
        size_t n = strcspn(p, " \n");
        if (n > 2 && n < sizeof word && !strncmp(p, option, 2)) {
            snprintf(word, sizeof word, "%.*s", (int)n - 2, p + 2);
            if (realpath(word, got) && !strcmp(got, want))
                return 1;
        }
        p += n + (p[n] != '\0');
    }
    return 0;
}

HN_TEST(runner_install, pkg_config_builds_the_same_tests)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    char cmd[16384], env_path[4400], want[4400];
    snprintf(env_path, sizeof env_path, "PKG_CONFIG_PATH=%s/%s/pkgconfig", prefix, RT_LIBDIR);
    st_proc p;
    rt_sh(&p, "pkg-config --cflags --libs honest", RT_ARGS(env_path), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK(has_dir(p.out, "-I", rt_path(prefix, "include")));
    HN_CHECK(has_dir(p.out, "-L", rt_path(prefix, RT_LIBDIR)));
    HN_CHECK_STR_CONTAINS(p.out, "-lhonest");
    st_proc_free(&p);
    /* pkg-config's -lhonest links the shared library, found at run time
     * through LD_LIBRARY_PATH (or ldconfig for a system prefix). */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' %s -I'%s/consumer' '%s/consumer/test_greet.c' "
             "'%s/consumer/greet.c' $(pkg-config --cflags --libs honest) -o greet_tests 2>&1 && "
             "LD_LIBRARY_PATH='%s/%s' ./greet_tests --jobs=1 && "
             "LD_LIBRARY_PATH='%s/%s' ldd ./greet_tests",
             dir, RT_CC, sanitize_flags(), RT_SRC_DIR, RT_SRC_DIR, RT_SRC_DIR, prefix, RT_LIBDIR,
             prefix, RT_LIBDIR);
    rt_sh(&p, cmd, RT_ARGS(env_path), 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    greet.says_hello ");
    HN_CHECK_STR_CONTAINS(p.out, "\n3 passed, 0 failed, 0 skipped\n");
    snprintf(want, sizeof want, "libhonest.so.0 => %s/%s/libhonest.so.0", prefix, RT_LIBDIR);
    HN_CHECK_STR_CONTAINS(p.out, want);
    /* A program that uses neither the fake clock nor HN_HTTP_FIXTURES keeps
     * libc's and libcurl's functions: it does not load their interposers. */
    HN_CHECK(strstr(p.out, "libhonest_clock") == NULL);
    HN_CHECK(strstr(p.out, "libhonest_http") == NULL);
    st_proc_free(&p);
    /* The static library, as docs/getting-started.md shows: no
     * LD_LIBRARY_PATH needed. */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' %s -I'%s/consumer' '%s/consumer/test_greet.c' "
             "'%s/consumer/greet.c' $(pkg-config --cflags honest) "
             "\"$(pkg-config --variable=libdir honest)/libhonest.a\" "
             "$(pkg-config --libs libffi libcurl libcjson) -lpthread -ldl -lrt -lm "
             "-o greet_static 2>&1 && ./greet_static --jobs=1 && ldd ./greet_static",
             dir, RT_CC, sanitize_flags(), RT_SRC_DIR, RT_SRC_DIR, RT_SRC_DIR);
    rt_sh(&p, cmd, RT_ARGS(env_path), 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "\n3 passed, 0 failed, 0 skipped\n");
    HN_CHECK(strstr(p.out, "libhonest.so") == NULL);
    st_proc_free(&p);
}

/* Configures and builds tally/ against prefix in dir/build-tally, as
 * CMAKE_BUILD_TYPE type; fails the test when it does not build. */
static void build_tally(const char *dir, const char *prefix, const char *type)
{
    st_proc p;
    cmake_build(&p, dir, prefix, "tally", "build-tally", type);
    st_proc_free(&p);
}

/* A double declared in a header two test files include gets its link seam;
 * PREFIX registers a second binary's tests under other names; and in an
 * optimised build a call the seam cannot reach is still reported. */
HN_TEST(runner_install, shared_header_double_prefix_and_seam_miss_in_release)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    build_tally(dir, prefix, "Release");
    char cmd[16384];
    st_proc p;
    snprintf(cmd, sizeof cmd, "'%s' --test-dir '%s/build-tally' -j2 2>&1", RT_CTEST, dir);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, " tally.twice_reaches_the_double ");
    HN_CHECK_STR_CONTAINS(p.out, " tally.twice_calls_add_once ");
    HN_CHECK_STR_CONTAINS(p.out, " again.tally.twice_reaches_the_double ");
    HN_CHECK_STR_CONTAINS(p.out, " again.tally.twice_calls_add_once ");
    HN_CHECK_STR_CONTAINS(p.out, "100% tests passed, 0 tests failed out of 4");
    st_proc_free(&p);
    /* -O2 would inline tally_add into tally_sum3; the miss is reported. */
    snprintf(cmd, sizeof cmd, "'%s/build-tally/tally_inside' --color=never 2>&1", dir);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "seam miss: HN_RETURNS(tally_add) configured a double of "
                                 "tally_add here, but the real tally_add ran 2 times");
    HN_CHECK_STR_CONTAINS(p.out, "called from tally_sum3+");
    st_proc_free(&p);
    /* A double honest_add_test could not see: the advice fits a program
     * honest_add_test linked. */
    snprintf(cmd, sizeof cmd, "'%s/build-tally/tally_hidden' --color=never 2>&1", dir);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "the program was linked without -Wl,--wrap=tally_add. "
                                 "honest_add_test wraps the functions of the HN_DOUBLE lines");
    HN_CHECK_STR_CONTAINS(p.out, "it found none for tally_add");
    HN_CHECK(strstr(p.out, "build it with honest_add_test") == NULL);
    st_proc_free(&p);
}

/* tally/Makefile, as docs/getting-started.md quotes it, builds with make
 * against the installed prefix (pkg-config + honest-config) and its tests
 * reach the shared double. */
HN_TEST(runner_install, makefile_with_honest_config_builds_and_runs)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    char cmd[16384], path[8192], pc[4400], ld[4400];
    snprintf(path, sizeof path, "PATH=%s/bin:%s", prefix, getenv("PATH") ? getenv("PATH") : "");
    snprintf(pc, sizeof pc, "PKG_CONFIG_PATH=%s/%s/pkgconfig", prefix, RT_LIBDIR);
    snprintf(ld, sizeof ld, "LD_LIBRARY_PATH=%s/%s", prefix, RT_LIBDIR);
    st_proc p;
    snprintf(cmd, sizeof cmd,
             "cp -R '%s/tally' '%s/tally' && cd '%s/tally' && "
             "make CC='%s' CFLAGS='-O2 -g %s' LDFLAGS='%s' check 2>&1",
             RT_SRC_DIR, dir, dir, RT_CC, sanitize_flags(), sanitize_flags());
    rt_sh(&p, cmd, RT_ARGS(path, pc, ld), 120000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "-Wl,--wrap=tally_add -Wl,-u,tally_add -Wl,--export-dynamic "
                                 "doubles.ld");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    tally.twice_reaches_the_double ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    tally.twice_calls_add_once ");
    HN_CHECK_STR_CONTAINS(p.out, "\n2 passed, 0 failed, 0 skipped\n");
    st_proc_free(&p);
    char *script = rt_read(rt_path(dir, "tally/doubles.ld"));
    HN_CHECK_STR_CONTAINS(script, "\nPROVIDE(tally_add = hn__fwd_tally_add);\n");
    free(script);
    /* honest-config says what is wrong and what to give it. */
    rt_sh(&p, "honest-config --wrap-flags no_such_test.c", RT_ARGS(path), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "honest-config: no_such_test.c: no such file");
    st_proc_free(&p);
}

/* The output of a shell command line (which must succeed), with a newline
 * before it, so that "\nNAME\n" finds NAME on a line of its own. malloc'd. */
static char *sh_lines(const char *cmd, const char *const *env)
{
    st_proc p;
    rt_sh(&p, cmd, env, 60000);
    if (p.exit_code != 0)
        HN_FAIL("%s failed (%d):\n%s%s", cmd, p.exit_code, p.out, p.err);
    char *lines = malloc(strlen(p.out) + 2);
    HN_ASSERT_NOT_NULL(lines);
    lines[0] = '\n';
    strcpy(lines + 1, p.out);
    st_proc_free(&p);
    return lines;
}

/* 1 when name is one line of lines (from sh_lines). */
static int has_line(const char *lines, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(lines, name); p; p = strstr(p + 1, name))
        if (p[-1] == '\n' && p[n] == '\n')
            return 1;
    return 0;
}

/* libhonest.so exports public names only: hn_* and HN_*, and the names the
 * installed headers use (hn__* names their macros expand to; the cmocka
 * layer's functions), plus the internal names honest's own companion
 * libraries take from it; not main, not libc's time functions, not libcurl's.
 * Those live in libhonest_main, libhonest_clock and libhonest_http. */
HN_TEST(runner_install, shared_library_exports_only_public_names)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    char cmd[16384], lib[4400];
    snprintf(lib, sizeof lib, "%s/%s", prefix, RT_LIBDIR);
    snprintf(cmd, sizeof cmd, "nm -D --defined-only '%s/libhonest.so' | awk '{print $3}'", lib);
    char *exported = sh_lines(cmd, NULL);
    snprintf(cmd, sizeof cmd,
             "cat '%s/include/honest.h' '%s/include/honest/'*.h | "
             "grep -o '[A-Za-z_][A-Za-z0-9_]*' | sort -u",
             prefix, prefix);
    char *named = sh_lines(cmd, NULL);
    snprintf(cmd, sizeof cmd,
             "{ nm -D --undefined-only '%s/libhonest_clock.so' '%s/libhonest_http.so'; "
             "nm -u '%s/libhonest_main.a'; } | awk 'NF == 2 {print $2}' | sort -u",
             lib, lib, lib);
    char *companions = sh_lines(cmd, NULL);
    size_t internal = 0, checked = 0;
    char stray[4096] = "", *at = stray;
    for (char *line = exported + 1, *end; *line; line = end + 1) {
        end = strchr(line, '\n');
        if (!end)
            break;
        *end = '\0';
        checked++;
        int is_internal = !strncmp(line, "hn__", 4);
        internal += (size_t)is_internal;
        int is_public = !is_internal && (!strncmp(line, "hn_", 3) || !strncmp(line, "HN_", 3));
        size_t room = (size_t)(stray + sizeof stray - at);
        if (!is_public && strcmp(line, "main") != 0 && !has_line(named, line) &&
            !has_line(companions, line) && room > strlen(line) + 1)
            at += snprintf(at, room, "%s ", line);
        *end = '\n';
    }
    /* Names exported that no public header names and no companion needs. */
    HN_CHECK_STR_EQ(stray, "");
    HN_CHECK(checked > 0);
    static const char *const never[] = {"main", "time", "clock_gettime", "gettimeofday",
                                        "nanosleep", "sleep", "curl_easy_init",
                                        "curl_easy_setopt", "curl_easy_perform"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (has_line(exported, never[i]))
            HN_FAIL("libhonest.so exports %s", never[i]);
    /* The static library still holds every internal name: the shared one
     * hides most of them. */
    snprintf(cmd, sizeof cmd,
             "nm -g --defined-only '%s/libhonest.a' 2>/dev/null | awk '$3 ~ /^hn__/ {print $3}' | "
             "sort -u | wc -l",
             lib);
    char *all = sh_lines(cmd, NULL);
    HN_CHECK_GT((size_t)strtoul(all + 1, NULL, 10), 2 * internal);
    free(all);
    /* main and the interposers are defined where the design says. */
    snprintf(cmd, sizeof cmd,
             "{ nm -g --defined-only '%s/libhonest_main.a' | awk 'NF == 3 {print \"main:\" $3}'; "
             "nm -D --defined-only '%s/libhonest_clock.so' | awk '{print \"clock:\" $3}'; "
             "nm -D --defined-only '%s/libhonest_http.so' | awk '{print \"http:\" $3}'; }",
             lib, lib, lib);
    char *homes = sh_lines(cmd, NULL);
    HN_CHECK(has_line(homes, "main:main"));
    HN_CHECK(has_line(homes, "clock:time"));
    HN_CHECK(has_line(homes, "clock:clock_gettime"));
    HN_CHECK(has_line(homes, "http:curl_easy_perform"));
    free(homes);
    free(companions);
    free(named);
    free(exported);
}

/* Builds consumer/SOURCE in dir as prog with the pkg-config packages pkgs
 * (and extra words after them), and runs it; fills p. */
static void pkg_build_run(st_proc *p, const char *dir, const char *prefix, const char *source,
                          const char *prog, const char *pkgs, const char *extra)
{
    char cmd[16384], env_path[4400], ld[4400];
    snprintf(env_path, sizeof env_path, "PKG_CONFIG_PATH=%s/%s/pkgconfig", prefix, RT_LIBDIR);
    snprintf(ld, sizeof ld, "LD_LIBRARY_PATH=%s/%s", prefix, RT_LIBDIR);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' %s '%s/consumer/%s' $(pkg-config --cflags --libs %s) %s "
             "-o %s 2>&1 && ./%s --jobs=1 --color=never 2>&1",
             dir, RT_CC, sanitize_flags(), RT_SRC_DIR, source, pkgs, extra, prog, prog);
    rt_sh(p, cmd, RT_ARGS(env_path, ld), 60000);
}

/* The fake clock and HN_HTTP_FIXTURES through pkg-config: honest-clock and
 * honest-http bring their interposers; without honest-clock a program that
 * uses the fake clock does not link, rather than read the real clock. */
HN_TEST(runner_install, pkg_config_interposers_come_with_their_packages)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    st_proc p;
    pkg_build_run(&p, dir, prefix, "test_clock.c", "clock_tests", "honest-clock", "");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    clock.time_reads_the_fake_clock ");
    st_proc_free(&p);
    pkg_build_run(&p, dir, prefix, "test_clock.c", "clock_unlinked", "honest", "");
    HN_CHECK_NE(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "undefined reference to `hn_clock_fake'");
    HN_CHECK(strstr(p.out, "PASS") == NULL);
    st_proc_free(&p);
    pkg_build_run(&p, dir, prefix, "test_http.c", "http_tests", "honest-http libcurl", "");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    http.answers_from_the_fixture ");
    st_proc_free(&p);
}

/* The same two programs through find_package's imported targets, linked as
 * docs/getting-started.md's table says (consumer_targets/CMakeLists.txt). */
HN_TEST(runner_install, imported_targets_link_what_the_docs_say)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    char cmd[16384], ld[4400];
    st_proc p;
    cmake_build(&p, dir, prefix, "consumer_targets", "build", "");
    st_proc_free(&p);
    snprintf(ld, sizeof ld, "LD_LIBRARY_PATH=%s/%s", prefix, RT_LIBDIR);
    snprintf(cmd, sizeof cmd,
             "cd '%s/build' && ./clock_tests --jobs=1 --color=never 2>&1 && "
             "./http_tests --jobs=1 --color=never 2>&1",
             dir);
    rt_sh(&p, cmd, RT_ARGS(ld), 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    clock.time_reads_the_fake_clock ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    http.answers_from_the_fixture ");
    st_proc_free(&p);
}

/* The C API of the fixture library, the differ and the last-verified state,
 * in headers of their own beside <honest.h>, serve a consumer of the
 * installed package; a test that only includes <honest.h> builds with
 * honest's include directory alone (no cJSON include path). */
HN_TEST(runner_install, tool_library_headers_serve_a_consumer)
{
    const char *dir = rt_tmpdir();
    const char *prefix = install(dir);
    st_proc p;
    pkg_build_run(&p, dir, prefix, "test_library.c", "library_tests", "honest libcjson", "");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    library.reads_a_fixture_compares_and_looks_up_its_state ");
    HN_CHECK_STR_CONTAINS(p.out, "\n1 passed, 0 failed, 0 skipped\n");
    st_proc_free(&p);
    char cmd[16384], ld[4400];
    snprintf(ld, sizeof ld, "LD_LIBRARY_PATH=%s/%s", prefix, RT_LIBDIR);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' %s -I'%s/include' -I'%s/consumer' '%s/consumer/test_greet.c' "
             "'%s/consumer/greet.c' -L'%s/%s' -lhonest_main -lhonest -o greet_bare 2>&1 && "
             "./greet_bare --jobs=1 --color=never 2>&1",
             dir, RT_CC, sanitize_flags(), prefix, RT_SRC_DIR, RT_SRC_DIR, RT_SRC_DIR, prefix,
             RT_LIBDIR);
    rt_sh(&p, cmd, RT_ARGS(ld), 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "\n3 passed, 0 failed, 0 skipped\n");
    st_proc_free(&p);
}
