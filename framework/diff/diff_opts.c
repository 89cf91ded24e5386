/* SPDX-License-Identifier: MIT */
/* diff_opts.c: the rules of a comparison (mode, path rules, array pairing,
 * tolerance, int/float), set by calls or from a JSON description. */
#include "diff/diff_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/mem.h"

static int fail(hn_diff_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(hn_diff_error *err, const char *fmt, ...)
{
    if (err) {
        memset(err, 0, sizeof *err);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->text, sizeof err->text, fmt, ap);
        va_end(ap);
    }
    return -1;
}

hn_diff_opts *hn_diff_opts_new(hn_diff_mode mode)
{
    hn_diff_opts *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->mode = mode == HN_DIFF_SHAPE ? HN_DIFF_SHAPE : HN_DIFF_VALUES;
    o->array_how = HN_DIFF_ARRAY_INDEX;
    return o;
}

void hn_diff_opts_free(hn_diff_opts *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->nrules; i++) {
        hn__json_path_free(o->rules[i].path);
        free(o->rules[i].key);
    }
    free(o->rules);
    free(o->array_key);
    hn__json_path_free(o->root);
    free(o);
}

void hn_diff_opts_set_mode(hn_diff_opts *o, hn_diff_mode mode)
{
    if (o)
        o->mode = mode == HN_DIFF_SHAPE ? HN_DIFF_SHAPE : HN_DIFF_VALUES;
}

hn_diff_mode hn_diff_opts_mode(const hn_diff_opts *o)
{
    return o ? o->mode : HN_DIFF_VALUES;
}

static hn__json_path *parse_path(const char *path, hn_diff_error *err)
{
    char why[256];
    hn__json_path *p = hn__json_path_parse(path, why, sizeof why);
    if (!p)
        fail(err, "not a path: %s", why[0] ? why : "out of memory");
    return p;
}

static int add_rule(hn_diff_opts *o, int what, const char *path, hn_diff_array how,
                    const char *key, hn_diff_error *err)
{
    if (!o)
        return fail(err, "no options (NULL)");
    hn__json_path *p = parse_path(path, err);
    if (!p)
        return -1;
    char *k = key ? strdup(key) : NULL;
    if (hn__grow(&o->rules, &o->cap, o->nrules + 1, sizeof *o->rules)) {
        hn__json_path_free(p);
        free(k);
        return fail(err, "out of memory");
    }
    o->rules[o->nrules++] = (hn__diff_rule){.what = what, .path = p, .how = how, .key = k};
    o->has_ignore |= what == HN__RULE_IGNORE;
    o->has_modes |= what == HN__RULE_VALUES || what == HN__RULE_SHAPE;
    o->has_values |= what == HN__RULE_VALUES;
    return 0;
}

int hn_diff_opts_ignore(hn_diff_opts *o, const char *path, hn_diff_error *err)
{
    return add_rule(o, HN__RULE_IGNORE, path, 0, NULL, err);
}

int hn_diff_opts_values_path(hn_diff_opts *o, const char *path, hn_diff_error *err)
{
    return add_rule(o, HN__RULE_VALUES, path, 0, NULL, err);
}

int hn_diff_opts_shape_path(hn_diff_opts *o, const char *path, hn_diff_error *err)
{
    return add_rule(o, HN__RULE_SHAPE, path, 0, NULL, err);
}

int hn_diff_opts_array(hn_diff_opts *o, const char *path, hn_diff_array how, const char *key,
                       hn_diff_error *err)
{
    if (how != HN_DIFF_ARRAY_INDEX && how != HN_DIFF_ARRAY_UNORDERED && how != HN_DIFF_ARRAY_KEYED)
        return fail(err, "unknown way to pair array elements (%d)", (int)how);
    if (how == HN_DIFF_ARRAY_KEYED && (!key || !*key))
        return fail(err, "keyed arrays need the name of the key member (for example \"id\")");
    if (how != HN_DIFF_ARRAY_KEYED)
        key = NULL;
    if (path)
        return add_rule(o, HN__RULE_ARRAY, path, how, key, err);
    if (!o)
        return fail(err, "no options (NULL)");
    char *k = key ? strdup(key) : NULL;
    if (key && !k)
        return fail(err, "out of memory");
    free(o->array_key);
    o->array_key = k;
    o->array_how = how;
    return 0;
}

int hn_diff_opts_tolerance(hn_diff_opts *o, double tolerance)
{
    if (!o || !(tolerance >= 0) || isinf(tolerance))
        return -1;
    o->tolerance = tolerance;
    return 0;
}

void hn_diff_opts_int_float(hn_diff_opts *o, int on)
{
    if (o)
        o->int_float = on != 0;
}

int hn_diff_opts_root(hn_diff_opts *o, const char *path, hn_diff_error *err)
{
    if (!o)
        return fail(err, "no options (NULL)");
    hn__json_path *p = parse_path(path, err);
    if (!p)
        return -1;
    if (!hn__json_path_is_concrete(p)) {
        hn__json_path_free(p);
        return fail(err, "the root \"%s\" must name one place: no [*], .* or ..", path);
    }
    hn__json_path_free(o->root);
    o->root = p;
    return 0;
}

/* ---- options written as JSON ------------------------------------------- */

/* Puts `in "FIELD": ` before the text of err. */
static void prefix(hn_diff_error *err, const char *field)
{
    if (!err)
        return;
    char why[sizeof err->text];
    memcpy(why, err->text, sizeof why);
    int n = snprintf(err->text, sizeof err->text, "in \"%s\": ", field);
    if (n < 0 || (size_t)n >= sizeof err->text)
        return;
    size_t room = sizeof err->text - (size_t)n - 1, len = strnlen(why, sizeof why - 1);
    memcpy(err->text + n, why, len < room ? len : room);
    err->text[n + (len < room ? len : room)] = '\0';
}

static int path_list(hn_diff_opts *o, const cJSON *list, const char *field,
                     int (*add)(hn_diff_opts *, const char *, hn_diff_error *), hn_diff_error *err)
{
    if (cJSON_IsString(list))
        return add(o, list->valuestring, err);
    if (!cJSON_IsArray(list))
        return fail(err, "\"%s\" must be a path or an array of paths", field);
    for (const cJSON *p = list->child; p; p = p->next) {
        if (!cJSON_IsString(p))
            return fail(err, "\"%s\" must hold paths (strings)", field);
        if (add(o, p->valuestring, err)) {
            prefix(err, field);
            return -1;
        }
    }
    return 0;
}

/* An array way: "index", "unordered" or {"key": "id"}. */
static int array_way(const cJSON *v, hn_diff_array *how, const char **key)
{
    *key = NULL;
    if (cJSON_IsString(v) && !strcmp(v->valuestring, "index"))
        *how = HN_DIFF_ARRAY_INDEX;
    else if (cJSON_IsString(v) && !strcmp(v->valuestring, "unordered"))
        *how = HN_DIFF_ARRAY_UNORDERED;
    else if (cJSON_IsObject(v) && cJSON_GetArraySize(v) == 1 &&
             cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "key"))) {
        *how = HN_DIFF_ARRAY_KEYED;
        *key = cJSON_GetObjectItemCaseSensitive(v, "key")->valuestring;
    } else {
        return -1;
    }
    return 0;
}

static int field(hn_diff_opts *o, const cJSON *f, hn_diff_error *err)
{
    const char *name = f->string ? f->string : "";
    hn_diff_array how;
    const char *key;
    if (!strcmp(name, "compare")) {
        if (!cJSON_IsString(f) || (strcmp(f->valuestring, "shape") && strcmp(f->valuestring, "values")))
            return fail(err, "\"compare\" must be \"shape\" or \"values\"");
        o->mode = !strcmp(f->valuestring, "shape") ? HN_DIFF_SHAPE : HN_DIFF_VALUES;
    } else if (!strcmp(name, "ignore")) {
        return path_list(o, f, name, hn_diff_opts_ignore, err);
    } else if (!strcmp(name, "values")) {
        return path_list(o, f, name, hn_diff_opts_values_path, err);
    } else if (!strcmp(name, "shape")) {
        return path_list(o, f, name, hn_diff_opts_shape_path, err);
    } else if (!strcmp(name, "arrays")) {
        if (array_way(f, &how, &key) || how == HN_DIFF_ARRAY_KEYED)
            return fail(err, "\"arrays\" must be \"index\" or \"unordered\" (use \"key\" for keyed arrays)");
        return hn_diff_opts_array(o, NULL, how, NULL, err);
    } else if (!strcmp(name, "key")) {
        if (!cJSON_IsString(f) || !*f->valuestring)
            return fail(err, "\"key\" must be the name of a member, such as \"id\"");
        return hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_KEYED, f->valuestring, err);
    } else if (!strcmp(name, "arrays_at")) {
        if (!cJSON_IsObject(f))
            return fail(err, "\"arrays_at\" must be an object of path: \"index\"|\"unordered\"|{\"key\": NAME}");
        for (const cJSON *r = f->child; r; r = r->next) {
            if (array_way(r, &how, &key))
                return fail(err, "\"arrays_at\"[\"%s\"] must be \"index\", \"unordered\" or {\"key\": NAME}", r->string);
            if (hn_diff_opts_array(o, r->string, how, key, err))
                return -1;
        }
    } else if (!strcmp(name, "tolerance")) {
        if (!cJSON_IsNumber(f) || hn_diff_opts_tolerance(o, f->valuedouble))
            return fail(err, "\"tolerance\" must be a number >= 0");
    } else if (!strcmp(name, "int_float")) {
        if (!cJSON_IsBool(f))
            return fail(err, "\"int_float\" must be true or false");
        o->int_float = cJSON_IsTrue(f);
    } else {
        return fail(err, "unknown option \"%s\" (known: compare, ignore, values, shape, arrays, key, "
                         "arrays_at, tolerance, int_float)", name);
    }
    return 0;
}

int hn_diff_opts_from_json(hn_diff_opts *o, const struct cJSON *spec, hn_diff_error *err)
{
    if (!o)
        return fail(err, "no options (NULL)");
    if (!cJSON_IsObject(spec))
        return fail(err, "options must be a JSON object");
    for (const cJSON *f = spec->child; f; f = f->next)
        if (field(o, f, err))
            return -1;
    return 0;
}
