/* SPDX-License-Identifier: MIT */
/* fuzz_fixture.c: the fixture loader on any bytes. A fixture that loads is
 * read through its accessors, written as text, and that text must load
 * again to the same text (the writer never produces what the loader
 * refuses). */
#include <stddef.h>
#include <stdint.h>

#include <honest/fixture.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hn_fixture_error err;
    hn_fixture *fx = hn_fixture_parse((const char *)data, size, "fuzz.json", &err);
    if (!fx) {
        char buf[2300];
        hn_fixture_error_format(&err, buf, sizeof buf);
        return 0;
    }
    size_t n, len;
    hn_fixture_placeholders(fx, &n);
    hn_fixture_body(fx, HN_REQUEST, &len);
    hn_fixture_body(fx, HN_RESPONSE, &len);
    for (size_t i = 0; i < hn_fixture_header_count(fx, HN_RESPONSE); i++) {
        const char *name, *value;
        hn_fixture_header_at(fx, HN_RESPONSE, i, &name, &value);
    }
    char *text = hn_fixture_to_text(fx, &len);
    if (text) {
        hn_fixture *again = hn_fixture_parse(text, len, "fuzz-again.json", &err);
        if (!again)
            FZ_FINDING("the written fixture does not load: %s (%d:%d)\n%s", err.text, err.line,
                       err.column, text);
        size_t len2;
        char *text2 = hn_fixture_to_text(again, &len2);
        if (text2 && (len2 != len || memcmp(text, text2, len)))
            FZ_FINDING("writing a fixture twice gives two texts:\n%s\n---\n%s", text, text2);
        free(text2);
        hn_fixture_free(again);
    }
    free(text);
    hn_fixture_free(fx);
    return 0;
}
