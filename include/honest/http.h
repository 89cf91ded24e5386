/* SPDX-License-Identifier: MIT */
/* honest/http.h: libcurl code answered from recorded fixtures
 * (HN_HTTP_FIXTURES), what it sent, and any function stubbed from a fixture
 * (HN_STUB_FIXTURE). Included by <honest.h>; do not include it directly. */
#ifndef HONEST_HTTP_H
#define HONEST_HTTP_H

#include <stddef.h>

#include <honest/double.h>
#include <honest/fixture_use.h>

#ifdef __cplusplus
extern "C" {
#endif

/* HN_HTTP_FIXTURES(path, ...): for the rest of the running test, every
 * transfer of libcurl in the process (curl_easy_perform, the multi interface)
 * is answered from the fixtures named, and none reaches the network. Each path
 * is a fixture file or a directory (its *.json files, sorted by name, not
 * recursing; dot files, HN_VERIFIED_FILE of <honest/verify.h> among them,
 * are skipped); relative paths are
 * found as HN_FIXTURE finds them (--fixtures=DIR, then beside the test's
 * source file). It may be called again in the same test to add fixtures.
 * Returns the number of fixtures this call loaded.
 *
 * The code under test does not change: its own curl_easy_setopt calls
 * (URL, method, POST fields, headers, callbacks and their data pointers,
 * error buffer, ...), curl_easy_perform, curl_easy_getinfo and
 * curl_easy_header work as with a server. A request is answered by the
 * fixture whose request has the same method, URL (scheme, host, port and
 * path exactly, query parameters in any order), headers (those the fixture
 * names, except transport headers: Host, User-Agent, Accept,
 * Accept-Encoding, Content-Length, Connection, Transfer-Encoding, Expect)
 * and body (JSON compared structurally, key order ignored; text and bytes
 * exactly). ${NAME} in a fixture's request matches any non-empty value in
 * its place; at the start of the URL ("${API_BASE}/v1/items") it stands for
 * the whole origin (any scheme, host and port). When several fixtures match, the first one not used yet
 * answers, and the last one answers again once all are used (so a 500 then
 * a 200 for the same request tests a retry).
 *
 * A request no fixture matches fails the test: the message names the
 * request (method, URL, body excerpt), the nearest fixture and every way the
 * request differs from it; curl_easy_perform then returns
 * CURLE_COULDNT_CONNECT. A fixture whose response is a transport error
 * makes curl_easy_perform return its CURLcode (timeout:
 * CURLE_OPERATION_TIMEDOUT, connection_refused: CURLE_COULDNT_CONNECT, dns:
 * CURLE_COULDNT_RESOLVE_HOST, tls: CURLE_SSL_CONNECT_ERROR,
 * connection_reset: CURLE_RECV_ERROR, empty_reply: CURLE_GOT_NOTHING,
 * too_many_redirects: CURLE_TOO_MANY_REDIRECTS) with CURLOPT_ERRORBUFFER
 * filled. A fixture loaded but never requested is reported when the test
 * ends (a warning that fails the test under --strict). A fixture that
 * cannot be loaded fails the test; a stale one is reported as HN_FIXTURE
 * reports it. Under --live the fixtures are loaded and checked but not
 * used: requests go to the network. Outside HN_HTTP_FIXTURES libcurl is the
 * real one. Transfers of the multi interface (curl_multi_add_handle, then
 * curl_multi_perform or curl_multi_socket_action) are answered the same way
 * and complete with CURLMSG_DONE messages (docs/http.md). */
#define HN_HTTP_FIXTURES(...)                                                   \
    hn__http_use(__FILE__, __LINE__, #__VA_ARGS__,                              \
                 (const char *const[]){__VA_ARGS__, NULL})
size_t hn__http_use(const char *file, int line, const char *args,
                    const char *const *paths);

/* HN_HTTP_SERVER(path, ...): starts, inside the running test, the server of
 * `honest serve` answering from the fixtures named (files or directories,
 * found as HN_HTTP_FIXTURES finds them), on 127.0.0.1 and an ephemeral port,
 * on its own threads, and returns its base URL ("http://127.0.0.1:PORT", no
 * trailing slash; owned by honest, valid until the test ends). For code under
 * test that takes a URL and speaks HTTP by other means than libcurl (its own
 * sockets, another library, a child process). Requests are
 * matched as HN_HTTP_FIXTURES matches them; a fixture URL that starts with a
 * ${NAME} placeholder ("${API_BASE}/v1/items"), or an absolute one, has its
 * origin bound to the server's base, so only method, path, query, the headers
 * the fixture names and body decide. A request no fixture matches is answered
 * 404 with a JSON body naming the nearest fixture and the differences, and
 * fails the test with the same words when it ends; a fixture never requested
 * is reported (a warning that fails the test under --strict). The server is
 * stopped when the test ends, after its teardown. May be called more than
 * once in a test (each call starts another server). docs/serve.md. */
#define HN_HTTP_SERVER(...)                                                     \
    hn__http_server(__FILE__, __LINE__, #__VA_ARGS__,                           \
                    (const char *const[]){__VA_ARGS__, NULL})
const char *hn__http_server(const char *file, int line, const char *args,
                            const char *const *paths);

/* What the code under test sent, in the running test: each transfer that
 * HN_HTTP_FIXTURES saw, answered or not, in the order performed. Strings
 * are owned by honest and live until the test ends; an index out of range
 * gives NULL (0 for the count). */
size_t hn_http_request_count(void);
/* "GET", "POST", ... as the code chose it (CUSTOMREQUEST wins). */
const char *hn_http_request_method(size_t i);
/* The URL as the code set it. */
const char *hn_http_request_url(size_t i);
/* The first value of header `name` (case-insensitive) as libcurl would
 * send it, defaults included (Accept, Content-Type of POST fields,
 * User-Agent, Authorization from CURLOPT_USERPWD or XOAUTH2_BEARER). */
const char *hn_http_request_header(size_t i, const char *name);
/* The body bytes (followed by a NUL that *len does not count); len may be
 * NULL. "" for a body honest could not see (CURLOPT_MIMEPOST). */
const char *hn_http_request_body(size_t i, size_t *len);
/* The fixture that answered request i, or NULL when none matched (read it
 * with <honest/fixture.h>). */
const hn_fixture *hn_http_request_fixture(size_t i);

/* HN_STUB_FIXTURE(fn, path, adapter): for the rest of the running test,
 * calls of fn (declared with HN_DOUBLE) run adapter, a function of fn's
 * exact type (a mismatch is a compile error) that turns the fixture at path
 * into fn's outputs; inside it, HN_STUB_FIXTURE_OF(fn) gives the fixture.
 * The fixture is loaded as HN_FIXTURE loads it (a bad one fails the test, a
 * stale one is reported). The double counts as fixture-backed in the run's
 * summary, and is reported if fn is never called after it. Calling it again
 * in the same test replaces the fixture and the adapter. The adapter reads
 * the fixture with <honest/fixture.h> (and cJSON's <cjson/cJSON.h>):
 *
 *   static int user_from_fixture(const char *id, struct user *out)
 *   {
 *       const hn_fixture *fx = HN_STUB_FIXTURE_OF(fetch_user);
 *       const cJSON *body = hn_fixture_json(fx, HN_RESPONSE);
 *       ... fill *out from body ...
 *       return hn_fixture_status(fx) == 200 ? 0 : -1;
 *   }
 *   HN_STUB_FIXTURE(fetch_user, "fixtures/user_42.json", user_from_fixture);
 */
#define HN_STUB_FIXTURE(fn, path, adapter)                                      \
    do {                                                                        \
        _Static_assert(__builtin_types_compatible_p(__typeof__(&*(adapter)),    \
                                                    hn__fp_##fn),               \
                       "HN_STUB_FIXTURE(" #fn ", ..., " #adapter "): " #adapter \
                       " must have the type of " #fn);                          \
        hn__stub_fixture(HN__D(fn), (hn__vfn)(adapter), #adapter, (path),       \
                         __FILE__, __LINE__);                                   \
    } while (0)
/* The fixture HN_STUB_FIXTURE gave fn in the running test (owned by honest,
 * freed after the test). Without one, the test fails here. */
#define HN_STUB_FIXTURE_OF(fn) hn__stub_fixture_of(HN__D(fn), __FILE__, __LINE__)

/* fn (a function that returns the body of a response as text: `char *` or
 * `const char *`) returns the response body of the fixture at path, for the
 * rest of the test: the stub `honest migrate` writes in place of canned JSON
 * typed into HN_RETURNS. The fixture is loaded as HN_FIXTURE loads it; the
 * double counts as fixture-backed. The text is owned by honest until the
 * test ends.
 *   HN_RETURNS_FIXTURE(users_fetch, "fixtures/users_fetch_1.json");
 */
#define HN_RETURNS_FIXTURE(fn, path)                                            \
    do {                                                                        \
        _Static_assert(__builtin_classify_type((hn__ret_##fn)0) == 5,           \
                       "HN_RETURNS_FIXTURE(" #fn ", ...): " #fn                 \
                       " must return a pointer to the body text");             \
        const char *hn__body = hn__stub_fixture_body(HN__D(fn), (path),         \
                                                     __FILE__, __LINE__);       \
        hn__ret_##fn hn__v[1] = {(hn__ret_##fn)hn__body};                       \
        hn__stub_fixture_returns(HN__D(fn), hn__v, sizeof hn__v[0], __FILE__,   \
                                 __LINE__);                                     \
    } while (0)

void hn__stub_fixture(hn__double *d, hn__vfn adapter, const char *adapter_name,
                      const char *path, const char *file, int line);
const char *hn__stub_fixture_body(hn__double *d, const char *path, const char *file,
                                  int line);
void hn__stub_fixture_returns(hn__double *d, const void *value, size_t size,
                              const char *file, int line);
const hn_fixture *hn__stub_fixture_of(hn__double *d, const char *file, int line);

#ifdef __cplusplus
}
#endif
#endif
