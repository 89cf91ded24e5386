#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen.py: writes the variants benchmark's suite into DIR: N tests
# (tests.c), each answered by a fixture of its own (fixtures/item_I.json)
# through HN_HTTP_FIXTURES, each calling the libcurl client of client.c and
# checking every field. The fake clock is on, so `slow` costs no real time.
# With BENCH_TRACE=FILE, each run of a test appends "I START_NS END_NS"
# (monotonic, read by the syscall, so the fake clock does not answer it).
"""Usage: gen.py DIR N"""
import json
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(out, "fixtures"), exist_ok=True)
for i in range(n):
    fx = {"honest": 1, "name": "items.get.%d" % i, "service": "items",
          "recorded_at": "2026-11-20T10:00:00Z", "max_age_days": 3650,
          "request": {"method": "GET", "url": "https://items.example.com/v1/items/item_%d" % i},
          "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                       "body": {"id": "item_%d" % i, "amount": i + 0.5, "currency": "EUR",
                                "status": "settled"}}}
    with open(os.path.join(out, "fixtures", "item_%d.json" % i), "w") as f:
        json.dump(fx, f, indent=2)
with open(os.path.join(out, "tests.c"), "w") as f:
    f.write('#define _GNU_SOURCE\n#include <honest.h>\n\n#include <fcntl.h>\n#include <stdio.h>\n'
            '#include <stdlib.h>\n#include <sys/syscall.h>\n#include <time.h>\n#include <unistd.h>\n\n'
            '#include "client.h"\n\n'
            'static long long now_ns(void)\n{\n    struct timespec ts;\n'
            '    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);\n'
            '    return ts.tv_sec * 1000000000LL + ts.tv_nsec;\n}\n\n'
            '/* With BENCH_TRACE set: appends "I START END" for this run. */\n'
            'static void trace(int i, long long start)\n{\n'
            '    const char *path = getenv("BENCH_TRACE");\n    if (!path)\n        return;\n'
            '    char line[96];\n'
            '    int n = snprintf(line, sizeof line, "%d %lld %lld\\n", i, start, now_ns());\n'
            '    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);\n'
            '    if (fd >= 0 && write(fd, line, (size_t)n) != n)\n        abort();\n'
            '    if (fd >= 0)\n        close(fd);\n}\n\n')
    for i in range(n):
        f.write('HN_TEST(items, get_%d)\n{\n'
                '    long long start = now_ns();\n'
                '    hn_clock_fake(1700000000);\n'
                '    HN_HTTP_FIXTURES("fixtures/item_%d.json");\n'
                '    bench_item it;\n'
                '    int rc = bench_get("https://items.example.com/v1/items/item_%d", &it);\n'
                '    trace(%d, start);\n'
                '    HN_ASSERT_EQ(rc, 0);\n'
                '    HN_ASSERT_STR_EQ(it.id, "item_%d");\n'
                '    HN_ASSERT_NEAR(it.amount, %d.5, 1e-9);\n'
                '    HN_ASSERT_STR_EQ(it.currency, "EUR");\n'
                '    HN_ASSERT_STR_EQ(it.status, "settled");\n}\n\n' % (i, i, i, i, i, i))
