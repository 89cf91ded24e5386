/* SPDX-License-Identifier: MIT */
/* secrets_test.c: the secrets corpus. A careless provider (verify/provider.c
 * run with --secrets, provider_secrets.c)
 * echoes every secret it receives and hands out its own tokens; every command
 * that writes or prints is run against it as a real subprocess, and every
 * byte it wrote (stdout, stderr, every file under the scene) is searched for
 * every secret. A leak fails naming the command, the place and the secret.
 *
 * Adding a command (proxy, import, migrate ...) is one line in `corpus`
 * below: its name, an optional step to run before it, the exit status and a
 * piece of output (or a file) that show it did its work, and its argv (@NAME@
 * is replaced: HONEST, PROG, BASE, USERBASE (BASE with a password in it),
 * DEADBASE (a port where nothing listens), BODY, and each secret's
 * variable). A
 * command that serves rather than exits (honest proxy) gets a `before` step
 * that starts it and an argv that drives traffic through it. */
#include <honest.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"
#include "vt.h"

/* ---- the scene: provider, secrets, scratch directory ----------------- */

/* A secret: its label in messages, its variable (NULL: the provider's own
 * token) and its value. */
typedef struct secret {
    char label[48], var[32], value[128];
} secret;

typedef struct scene {
    vt_provider p;
    char base[64], nonce[32];
    char *dir;
    secret s[64];
    size_t n;
    char env[24][200];
    const char *envp[26];
} scene;

/* The variables the client's secrets live in (the placeholders honest record
 * writes are named after them). COOKIE holds the whole Cookie header,
 * "sid=COOKIE; pref=PREF": PREF is a second cookie, not a variable of its
 * own (nothing but the Cookie header tells it is secret). */
static const char *const client_vars[] = {"API_KEY",       "TOKEN",         "AUTHORIZATION",
                                          "X_API_KEY",     "COOKIE",        "CUSTOM_CREDENTIAL",
                                          "PASSWORD",      "CLIENT_SECRET", "REFRESH_TOKEN",
                                          "ACCESS_TOKEN",  "PREF",          "URL_PASSWORD"};
/* The provider's tokens, by version (verify/provider_secrets.c). */
static const char *const provider_tokens[] = {"access", "refresh", "idtoken",  "handle",
                                              "item",   "grant",   "cookie",   "xauth",
                                              "wwwauth", "sig",    "sessionid", "amzsig",
                                              "oauth",  "oauthrefresh", "soap"};

static void add_secret(scene *s, const char *label, const char *var, const char *value)
{
    HN_ASSERT_LT(s->n, sizeof s->s / sizeof *s->s);
    secret *x = &s->s[s->n++];
    snprintf(x->label, sizeof x->label, "%s", label);
    snprintf(x->var, sizeof x->var, "%s", var ? var : "");
    snprintf(x->value, sizeof x->value, "%s", value);
}

static const char *value_of(const scene *s, const char *var)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->s[i].var, var))
            return s->s[i].value;
    return NULL;
}

static void scene_start(scene *s)
{
    memset(s, 0, sizeof *s);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    snprintf(s->nonce, sizeof s->nonce, "n%08x%04x", (unsigned)rand(), (unsigned)rand() & 0xffff);
    for (size_t i = 0; i < sizeof client_vars / sizeof *client_vars; i++) {
        char value[96];
        snprintf(value, sizeof value, "cs-%zu-%s-%08x", i, s->nonce, (unsigned)rand());
        if (!strcmp(client_vars[i], "API_KEY")) {
            /* Base64-like: the provider decodes '+' in a query to a space,
             * and that form must not leak either. */
            char decoded[128];
            snprintf(decoded, sizeof decoded, "%s ab/cd=", value);
            add_secret(s, "API_KEY as the provider decodes it", NULL, decoded);
            strcat(value, "+ab/cd=");
        }
        add_secret(s, client_vars[i], client_vars[i], value);
    }
    for (int v = 1; v <= 2; v++)
        for (size_t i = 0; i < sizeof provider_tokens / sizeof *provider_tokens; i++) {
            char label[48], value[96];
            snprintf(label, sizeof label, "provider %s token v%d", provider_tokens[i], v);
            snprintf(value, sizeof value, "%s-%s-v%d", s->nonce, provider_tokens[i], v);
            add_secret(s, label, NULL, value);
        }
    /* Literal secrets of a fixture written by hand (not in the environment). */
    char value[96];
    snprintf(value, sizeof value, "hw-auth-%s", s->nonce);
    add_secret(s, "hand-written Authorization", NULL, value);
    snprintf(value, sizeof value, "hw-access-%s", s->nonce);
    add_secret(s, "hand-written access_token", NULL, value);
    vt_provider_start_secrets(&s->p, s->nonce);
    snprintf(s->base, sizeof s->base, "%s", s->p.base);
    s->dir = st_tmpdir();
    size_t e = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->s[i].var, "COOKIE"))
            snprintf(s->env[e++], sizeof s->env[0], "COOKIE=sid=%s; pref=%s", s->s[i].value,
                     value_of(s, "PREF"));
        else if (s->s[i].var[0] && strcmp(s->s[i].var, "PREF"))
            snprintf(s->env[e++], sizeof s->env[0], "%s=%s", s->s[i].var, s->s[i].value);
    snprintf(s->env[e++], sizeof s->env[0], "ST_BASE=%s", s->base);
    snprintf(s->env[e++], sizeof s->env[0], "ST_FIXTURES=%s/prog-fixtures", s->dir);
    snprintf(s->env[e++], sizeof s->env[0], "CI"); /* recording allowed */
    for (size_t i = 0; i < e; i++)
        s->envp[i] = s->env[i];
    char *sub = st_join(s->dir, "fixtures");
    HN_ASSERT_EQ(mkdir(sub, 0777), 0);
    free(sub);
    sub = st_join(s->dir, "prog-fixtures");
    HN_ASSERT_EQ(mkdir(sub, 0777), 0);
    free(sub);
    /* The test binary's fixtures take the rule from a file beside them. */
    sub = st_join(s->dir, "prog-fixtures/.honest-redact");
    HN_ASSERT_EQ(st_write_file(sub, "# secret only by this rule\n"
                                    "$.response.body.session.opaque_handle\n"), 0);
    free(sub);
    sub = st_join(s->dir, "reports");
    HN_ASSERT_EQ(mkdir(sub, 0777), 0);
    free(sub);
}

static void scene_stop(scene *s)
{
    vt_provider_stop(&s->p);
    st_rmtree(s->dir);
    free(s->dir);
}

/* ---- steps run before a command --------------------------------------- */

/* Every fixture under dir compares values (value_changed shows echoes). */
static void values_mode_in(const char *dir)
{
    DIR *d = opendir(dir);
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json"))
            continue;
        char *path = st_join(dir, e->d_name), *text = st_read_file(path, NULL);
        cJSON *doc = text ? cJSON_Parse(text) : NULL;
        HN_ASSERT_NOT_NULL(doc);
        cJSON_DeleteItemFromObject(doc, "verify");
        cJSON *v = cJSON_AddObjectToObject(doc, "verify");
        cJSON_AddStringToObject(v, "compare", "values");
        char *out = cJSON_Print(doc);
        HN_ASSERT_EQ(st_write_file(path, out), 0);
        free(out);
        cJSON_Delete(doc);
        free(text);
        free(path);
    }
    closedir(d);
}

/* A fixture written by hand, secrets and all, as a team may have them, with
 * a rule of its own (a name) for what only the team knows is secret. */
static void hand_written(scene *s)
{
    char *path = st_join(s->dir, "fixtures/hand.json"), text[2048];
    snprintf(text, sizeof text,
             "{\"honest\": 1, \"recorded_at\": \"2026-11-01T00:00:00Z\",\n"
             " \"request\": {\"method\": \"GET\", \"url\": \"%s/api?page=1\",\n"
             "   \"headers\": {\"Authorization\": \"Bearer %s\"}},\n"
             " \"response\": {\"status\": 200, \"headers\": {\"Content-Type\": "
             "\"application/json\"},\n"
             "   \"body\": {\"session\": {\"access_token\": \"%s\"}, \"seen\": \"%s\"}},\n"
             " \"redact\": [\"opaque_handle\"]}\n",
             s->base, s->s[s->n - 2].value, s->s[s->n - 1].value, s->s[s->n - 1].value);
    HN_ASSERT_EQ(st_write_file(path, text), 0);
    free(path);
}

/* The provider drifts: new members, rotated tokens; fixtures compare values. */
static void drift(scene *s)
{
    char *dir = st_join(s->dir, "fixtures");
    hand_written(s);
    values_mode_in(dir);
    free(dir);
    vt_provider_version(&s->p, 2);
}

static void back_to_v1(scene *s)
{
    vt_provider_version(&s->p, 1);
}

static void prog_drift(scene *s)
{
    char *dir = st_join(s->dir, "prog-fixtures");
    values_mode_in(dir);
    free(dir);
    vt_provider_version(&s->p, 2);
}

/* The test binary's fixtures answer another path: its request matches none. */
static void prog_unmatched(scene *s)
{
    char *dir = st_join(s->dir, "prog-fixtures");
    DIR *d = opendir(dir);
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *path = st_join(dir, e->d_name), *text = st_read_file(path, NULL), *at;
        HN_ASSERT_NOT_NULL(text);
        while ((at = strstr(text, "/api?")))
            at[3] = 'x';
        HN_ASSERT_EQ(st_write_file(path, text), 0);
        free(text);
        free(path);
    }
    closedir(d);
    free(dir);
}

/* A HAR session (as a browser exports it) holding the client's and the
 * provider's secrets, for honest import. */
static void har_session(scene *s)
{
    char *path = st_join(s->dir, "session.har"), text[8192];
    snprintf(text, sizeof text,
             "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"Firefox\", "
             "\"version\": \"121.0\"}, \"entries\": [{\"startedDateTime\": "
             "\"2026-11-30T10:00:00.000Z\", \"time\": 12, \"request\": {\"method\": \"GET\", "
             "\"url\": \"%s/api?api_key=%s&page=1\", \"httpVersion\": \"HTTP/1.1\", "
             "\"cookies\": [], \"headers\": [{\"name\": \"Authorization\", \"value\": "
             "\"Bearer %s\"}, {\"name\": \"Cookie\", \"value\": \"sid=%s\"}], "
             "\"queryString\": [], \"headersSize\": -1, \"bodySize\": 0}, \"response\": "
             "{\"status\": 200, \"statusText\": \"OK\", \"httpVersion\": \"HTTP/1.1\", "
             "\"cookies\": [], \"headers\": [{\"name\": \"Content-Type\", \"value\": "
             "\"application/json\"}, {\"name\": \"Set-Cookie\", \"value\": \"sid=%s; "
             "HttpOnly\"}], \"content\": {\"size\": 10, \"mimeType\": \"application/json\", "
             "\"text\": \"{\\\"access_token\\\": \\\"%s\\\", \\\"note\\\": \\\"%s\\\"}\"}, "
             "\"redirectURL\": \"\", \"headersSize\": -1, \"bodySize\": 10}, \"cache\": {}, "
             "\"timings\": {\"send\": 0, \"wait\": 12, \"receive\": 0}}]}}\n",
             s->base, value_of(s, "API_KEY"), value_of(s, "AUTHORIZATION"),
             value_of(s, "COOKIE"), value_of(s, "REFRESH_TOKEN"), value_of(s, "ACCESS_TOKEN"),
             value_of(s, "TOKEN"));
    HN_ASSERT_EQ(st_write_file(path, text), 0);
    free(path);
}

/* ---- the corpus -------------------------------------------------------- */

typedef struct command {
    const char *name;
    void (*before)(scene *s);
    int exit_code;        /* what shows it ran as meant: its exit status, */
    const char *expect;   /* a piece of what it printed, or a file it wrote */
    const char *argv[24]; /* @HONEST@, @PROG@, @BASE@, @BODY@, @VAR@ replaced */
} command;

static const command corpus[] = {
    {"honest record (secrets on the command line)", NULL, 0, "recorded api:",
     {"@HONEST@", "record", "--url", "@BASE@/api?api_key=@API_KEY@&token=@TOKEN@&page=2", "-H",
      "Authorization: Bearer @AUTHORIZATION@", "-H", "X-Api-Key: @X_API_KEY@", "-H",
      "Cookie: sid=@COOKIE@; pref=@PREF@", "-H", "X-Custom-Sig: ${CUSTOM_CREDENTIAL}", "-d", "@BODY@",
      "--redact", "$.response.body.session.opaque_handle", "-o", "fixtures/api.json"}},
    {"honest record (a form: an OAuth token endpoint)", NULL, 0, "recorded token:",
     {"@HONEST@", "record", "--url", "@BASE@/oauth/token", "-d",
      "grant_type=password&username=alice&password=@PASSWORD@&client_secret=@CLIENT_SECRET@",
      "-o", "fixtures/token.json"}},
    {"honest record (XML in, XML out)", NULL, 0, "recorded soap:",
     {"@HONEST@", "record", "--url", "@BASE@/soap", "-H", "Content-Type: text/xml", "-d",
      "<login><user>alice</user><password>@PASSWORD@</password></login>", "-o",
      "fixtures/soap.json"}},
    {"honest record (unreachable: the error message)", NULL, 3, "nothing was written",
     {"@HONEST@", "record", "--retries", "0", "--url",
      "@DEADBASE@/x?api_key=@API_KEY@&sig=@TOKEN@", "-H",
      "Authorization: Bearer @AUTHORIZATION@", "-o", "fixtures/dead.json"}},
    {"honest record (a password in the URL)", NULL, 0, "recorded userinfo:",
     {"@HONEST@", "record", "--url", "@USERBASE@/userinfo?page=1", "--redact", "opaque_handle",
      "-o", "fixtures/userinfo.json"}},
    /* --unsafe: the corpus's POST fixtures must be replayed to be searched. */
    {"honest verify (text)", drift, 1, "value_changed", {"@HONEST@", "verify", "--unsafe", "fixtures"}},
    {"honest verify --json", NULL, 1, "reports/verify.json",
     {"@HONEST@", "verify", "--unsafe", "--json", "reports/verify.json", "fixtures"}},
    {"honest verify --junit", NULL, 1, "reports/verify.xml",
     {"@HONEST@", "verify", "--unsafe", "--junit", "reports/verify.xml", "fixtures"}},
    {"honest verify --markdown", NULL, 1, "reports/verify.md",
     {"@HONEST@", "verify", "--unsafe", "--markdown", "reports/verify.md", "fixtures"}},
    {"honest verify --learn-volatile", NULL, 1, "reports/volatile.json",
     {"@HONEST@", "verify", "--unsafe", "--learn-volatile", "--json", "reports/volatile.json", "fixtures"}},
    {"honest verify --update", NULL, 1, "updated fixtures/api.json",
     {"@HONEST@", "verify", "--unsafe", "--update", "--json", "reports/update.json", "fixtures"}},
    {"honest record (re-record)", back_to_v1, 0, "re-recorded api:",
     {"@HONEST@", "record", "fixtures/api.json"}},
    {"test binary --record=all (new)", NULL, 0, "--record:", {"@PROG@", "--record=all"}},
    {"test binary --record=all (again)", NULL, 0, "--record:", {"@PROG@", "--record=all"}},
    {"test binary --live", prog_drift, 0, "drifted from fixture", {"@PROG@", "--live"}},
    {"test binary, no fixture matches", prog_unmatched, 1, "nearest fixture", {"@PROG@"}},
    {"test binary --record=missing", NULL, 0, "--record:", {"@PROG@", "--record=missing"}},
    /* The proxy serves rather than exits: one shell runs it (its output into
     * files of the scene, searched as every file is), sends a request with
     * the client's secrets through it with curl(1), and stops it. */
    {"honest proxy (recording through it)", NULL, 0, "get-api",
     {"/bin/sh", "-c",
      "mkdir -p proxied && echo opaque_handle >proxied/.honest-redact && "
      "\"$0\" proxy --upstream \"$1\" --fixtures proxied --port 0 >proxy.out 2>proxy.err & p=$!; "
      "b=; for i in $(seq 100); do b=$(sed -n 's/^honest proxy: //p' proxy.out); "
      "[ -n \"$b\" ] && break; sleep 0.05; done; "
      "curl -s -o /dev/null -H \"Authorization: Bearer $2\" -H \"Cookie: sid=$4\" "
      "\"$b/api?api_key=$3&page=3\"; kill -TERM $p; wait $p; ls proxied",
      "@HONEST@", "@BASE@", "@AUTHORIZATION@", "@API_KEY@", "@COOKIE@"}},
    {"honest import har", har_session, 0, "1 fixture imported from har into imported",
     {"@HONEST@", "import", "har", "session.har", "-o", "imported"}},
    {"honest audit (canned JSON with secrets)", NULL, 0, "secrets_fetch [stub]",
     {"@HONEST@", "audit", "@CANNED@", "--json", "reports/audit.json", "--markdown",
      "reports/audit.md"}},
    {"honest migrate (canned JSON with secrets)", NULL, 0, "wrote migrated/secrets_fetch_1.json",
     {"@HONEST@", "migrate", "@CANNED@", "--endpoint",
      "secrets_fetch=GET @BASE@/api?token=@TOKEN@&id={1}", "--fixtures", "migrated"}},
};

/* arg with every @NAME@ replaced; malloc'd. */
static char *expand(const scene *s, const char *arg)
{
    char *out = calloc(1, 4096);
    const char *p = arg;
    HN_ASSERT_NOT_NULL(out);
    while (*p) {
        const char *end = *p == '@' ? strchr(p + 1, '@') : NULL;
        char name[40];
        if (!end || end == p + 1 || end - p - 1 >= (long)sizeof name) {
            strncat(out, p++, 1);
            continue;
        }
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 1), p + 1);
        char body[1024], userbase[256], deadbase[256];
        snprintf(userbase, sizeof userbase, "http://alice:%s@%s", value_of(s, "URL_PASSWORD"),
                 s->base + strlen("http://"));
        snprintf(deadbase, sizeof deadbase, "http://alice:%s@127.0.0.1:1",
                 value_of(s, "URL_PASSWORD"));
        const char *v = !strcmp(name, "USERBASE") ? userbase
                        : !strcmp(name, "DEADBASE") ? deadbase
                        : !strcmp(name, "HONEST") ? ST_HONEST
                        : !strcmp(name, "PROG") ? ST_SECRETS_PROG
                        : !strcmp(name, "CANNED") ? ST_SECRETS_CANNED
                        : !strcmp(name, "BASE") ? s->base
                                                : value_of(s, name);
        if (!strcmp(name, "BODY")) {
            snprintf(body, sizeof body,
                     "{\"user\":\"alice\",\"password\":\"%s\",\"client_secret\":\"%s\","
                     "\"refresh_token\":\"%s\",\"nested\":{\"access_token\":\"%s\"}}",
                     value_of(s, "PASSWORD"), value_of(s, "CLIENT_SECRET"),
                     value_of(s, "REFRESH_TOKEN"), value_of(s, "ACCESS_TOKEN"));
            v = body;
        }
        HN_ASSERT_NOT_NULL(v);
        strcat(out, v);
        p = end + 1;
    }
    return out;
}

/* Appends to leaks one line per secret found in bytes[0..len) (`where`). */
static void search(const scene *s, const char *where, const char *bytes, size_t len,
                   char *leaks, size_t cap)
{
    for (size_t i = 0; i < s->n; i++)
        if (bytes && memmem(bytes, len, s->s[i].value, strlen(s->s[i].value)))
            snprintf(leaks + strlen(leaks), cap - strlen(leaks), "\n  %s holds %s (%s)", where,
                     s->s[i].label, s->s[i].value);
}

/* What the scene's files were before a command: path and a hash of the
 * bytes, so that only what the command wrote is blamed on it. */
typedef struct snapshot {
    char path[64][512];
    unsigned long hash[64];
    size_t n;
} snapshot;

static unsigned long hash_of(const char *bytes, size_t len)
{
    unsigned long h = 5381;
    for (size_t i = 0; i < len; i++)
        h = h * 33 + (unsigned char)bytes[i];
    return h ^ len;
}

static int unchanged(const snapshot *before, const char *path, unsigned long h)
{
    for (size_t i = 0; before && i < before->n; i++)
        if (!strcmp(before->path[i], path))
            return before->hash[i] == h;
    return 0;
}

/* Walks every regular file under dir (dot files included): records it in
 * `now`, and (cap > 0) searches it when it is new or changed since `before`. */
static void search_tree(const scene *s, const char *dir, const snapshot *before, snapshot *now,
                        char *leaks, size_t cap)
{
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *path = st_join(dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            search_tree(s, path, before, now, leaks, cap);
        } else if (S_ISREG(st.st_mode)) {
            size_t len;
            char *bytes = st_read_file(path, &len);
            unsigned long h = bytes ? hash_of(bytes, len) : 0;
            const char *rel = path + strlen(s->dir) + 1;
            if (cap && !unchanged(before, rel, h))
                search(s, rel, bytes, len, leaks, cap);
            HN_ASSERT_LT(now->n, sizeof now->hash / sizeof *now->hash);
            snprintf(now->path[now->n], sizeof now->path[0], "%s", rel);
            now->hash[now->n++] = h;
            free(bytes);
        }
        free(path);
    }
    if (d)
        closedir(d);
}

/* Runs one command of the corpus and checks that it leaked nothing. */
static void run_command(scene *s, const command *c)
{
    static snapshot before, now;
    static char leaks[16384];
    if (c->before)
        c->before(s);
    before.n = 0;
    search_tree(s, s->dir, NULL, &before, leaks, 0); /* nothing searched: cap 0 */
    const char *argv[24] = {0};
    char *owned[24] = {0};
    for (size_t i = 0; c->argv[i]; i++)
        argv[i] = owned[i] = expand(s, c->argv[i]);
    st_proc p;
    st_opts o = {.env = s->envp, .cwd = s->dir, .timeout_ms = 60000};
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    if (p.exit_code != c->exit_code || (c->expect && !strstr(p.out, c->expect) &&
                                        !strstr(p.err, c->expect)))
        HN_LOG("%s: exit %d\n%s%s", c->name, p.exit_code, p.out, p.err);
    HN_CHECK_EQ(p.exit_code, c->exit_code);
    if (c->expect) {
        char *file = st_join(s->dir, c->expect);
        HN_CHECK(strstr(p.out, c->expect) || strstr(p.err, c->expect) || access(file, F_OK) == 0);
        free(file);
    }
    leaks[0] = '\0';
    search(s, "stdout", p.out, p.out_len, leaks, sizeof leaks);
    search(s, "stderr", p.err, p.err_len, leaks, sizeof leaks);
    now.n = 0;
    search_tree(s, s->dir, &before, &now, leaks, sizeof leaks);
    char verdict[17000];
    snprintf(verdict, sizeof verdict, "%s%s", c->name, leaks[0] ? leaks : ": no secret");
    char want[256];
    snprintf(want, sizeof want, "%s: no secret", c->name);
    HN_CHECK_STR_EQ(verdict, want);
    st_proc_free(&p);
    for (size_t i = 0; owned[i]; i++)
        free(owned[i]);
}

HN_TEST(secrets, no_command_writes_or_prints_a_secret, .timeout_ms = 120000)
{
    scene s;
    scene_start(&s);
    for (size_t i = 0; i < sizeof corpus / sizeof *corpus; i++)
        run_command(&s, &corpus[i]);
    /* What the corpus rests on: the rules stayed in the fixtures, and the
     * secrets really went out (the provider echoed them to honest). */
    char *path = st_join(s.dir, "fixtures/api.json"), *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_STR_CONTAINS(text, "\"$.response.body.session.opaque_handle\"");
    HN_CHECK_STR_CONTAINS(text, "api_key=${API_KEY}");
    HN_CHECK_STR_CONTAINS(text, "\"Bearer ${AUTHORIZATION}\"");
    free(text);
    free(path);
    /* The reports stay what they were, values hidden: the JSON report parses
     * and shows the drift with <redacted> values, the others say so too. */
    path = st_join(s.dir, "reports/verify.json");
    text = st_read_file(path, NULL);
    cJSON *report = text ? cJSON_Parse(text) : NULL;
    HN_ASSERT_NOT_NULL(report);
    int hidden = 0, shown = 0;
    const cJSON *fx, *d;
    cJSON_ArrayForEach(fx, cJSON_GetObjectItem(report, "fixtures"))
        cJSON_ArrayForEach(d, cJSON_GetObjectItem(fx, "differences")) {
            const char *v = cJSON_GetStringValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(d, "live"), "value"));
            hidden += v && !strcmp(v, "<redacted>");
            shown++;
        }
    HN_CHECK_GT(hidden, 5);
    HN_CHECK_GT(shown, hidden); /* what is not secret is still shown */
    cJSON_Delete(report);
    free(text);
    free(path);
    path = st_join(s.dir, "reports/verify.xml");
    text = st_read_file(path, NULL);
    HN_CHECK_STR_CONTAINS(text, "&lt;redacted&gt;");
    free(text);
    free(path);
    path = st_join(s.dir, "reports/verify.md");
    text = st_read_file(path, NULL);
    HN_CHECK_STR_CONTAINS(text, "`\"<redacted>\"`");
    free(text);
    free(path);
    scene_stop(&s);
}
