#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# fuzz/seed_corpus.py: writes fuzz/corpus/<target>/ from the selftests' own
# files (small fixtures, the differ's cases), so that fuzzing starts from
# inputs that reach deep. Run from the repository root; it replaces the
# seed files it writes (names seed-*), and leaves other files alone.
import glob, json, os, hashlib

ROOT = os.getcwd()
MAX = 4096

def small(paths):
    return [p for p in sorted(paths) if os.path.getsize(p) <= MAX]

def write(target, data):
    d = os.path.join(ROOT, "fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def read(p):
    with open(p, "rb") as f:
        return f.read()

fixtures = small(glob.glob("selftest/fixtures/good/*.json") + glob.glob("selftest/fixtures/bad/*.json")
                 + glob.glob("selftest/http/fixtures/**/*.json", recursive=True)
                 + glob.glob("examples/weather/fixtures/*.json"))
for p in fixtures:
    write("fixture", read(p))

for case in sorted(glob.glob("selftest/diff/cases/*")):
    a, b = os.path.join(case, "a.json"), os.path.join(case, "b.json")
    if os.path.exists(a) and os.path.exists(b) and os.path.getsize(a) + os.path.getsize(b) <= MAX:
        write("diff", read(a) + b"\0" + read(b))

for p in small(glob.glob("selftest/http/fixtures/**/*.json", recursive=True)):
    try:
        doc = json.loads(read(p))
        req = doc["request"]
    except Exception:
        continue
    lines = ["%s %s" % (req.get("method", "GET"), req.get("url", "").replace("${", "x"))]
    for k, v in req.get("headers", {}).items():
        lines.append("%s: %s" % (k, v if isinstance(v, str) else v[0]))
    body = json.dumps(req["body"]) if "body" in req else req.get("body_text", "")
    write("match", read(p) + b"\0" + ("\n".join(lines) + "\n\n" + body).encode())
    write("match", read(p))
    write("redact", json.dumps(req).encode() + b"\0" + b'{"access_token":"abc123secret","n":1}')

for pattern, value in [("/v1/users/${USER_ID}/orders", "u-77"), ("${API_BASE}/v1/items", "https://api.example.com"),
                       ("Bearer ${TOKEN}", "s3cret-token"), ("${A}${B}${C}${D}!", "a" * 64),
                       ("$${LITERAL} and ${X}", "value"), ("{\"k\": \"${V}\"}", "quote\"d")]:
    write("placeholder", pattern.encode() + b"\0" + value.encode())
