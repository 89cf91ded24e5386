/* SPDX-License-Identifier: MIT */
/* base_utf8.c: what honest writes as JSON or XML text is valid UTF-8 by the
 * rule its own JSON reader applies (base/utf8.h): the escapers of base/buf.c
 * turn every byte that starts no valid sequence (overlong forms, encoded
 * surrogates, code points past U+10FFFF, cut sequences) into U+FFFD and
 * keep every valid one, and the strict scanner accepts what they write. */
#include <honest.h>

#include <string.h>

#include "base/buf.h"
#include "json/json_scan.h"

typedef struct {
    const char *name;
    const char *in;
    const char *json; /* what hn__buf_escape_json writes */
    const char *xml;  /* what hn__buf_escape_xml writes; NULL: the same */
} case_t;

static const case_t cases[] = {
    {"ascii", "plain", "plain", NULL},
    {"two_byte", "caf\xc3\xa9", "caf\xc3\xa9", NULL},
    {"four_byte", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", NULL},
    {"overlong_slash", "a\xc0\xaf" "b", "a\xef\xbf\xbd\xef\xbf\xbd" "b", NULL},
    {"overlong_three", "\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL},
    {"surrogate", "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL},
    {"past_max", "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL},
    {"cut_at_end", "ok\xe2\x82", "ok\xef\xbf\xbd\xef\xbf\xbd", NULL},
    {"latin1", "na\xefve", "na\xef\xbf\xbdve", NULL},
    {"control", "a\nb", "a\\nb", "a&#10;b"},
};

HN_TEST_PN(base_utf8, json_escape_writes_what_the_scanner_reads, case_t, cases, name)
{
    hn__buf b = {0};
    hn__buf_escape_json(&b, HN_PARAM->in, strlen(HN_PARAM->in));
    HN_CHECK_STR_EQ(hn__buf_str(&b), HN_PARAM->json);
    HN_CHECK_EQ(hn__json_text_is_utf8(b.data ? b.data : "", b.len), 1);
    hn__buf_free(&b);
}

HN_TEST_PN(base_utf8, xml_escape_writes_valid_utf8, case_t, cases, name)
{
    hn__buf b = {0};
    hn__buf_escape_xml(&b, HN_PARAM->in, strlen(HN_PARAM->in));
    HN_CHECK_EQ(hn__json_text_is_utf8(b.data ? b.data : "", b.len), 1);
    HN_CHECK_STR_EQ(hn__buf_str(&b), HN_PARAM->xml ? HN_PARAM->xml : HN_PARAM->json);
    hn__buf_free(&b);
}
