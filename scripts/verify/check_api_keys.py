"""API keys across two server processes on one PostgreSQL database (two replicas behind a load balancer): a user
creates a key through replica A; replica B takes it as X-API-Key and as Authorization: Bearer for the post actions of
its scopes, refuses it (403) for an action it lacks and for the login routes (/auth/me, the key routes themselves);
the database holds the key's SHA-256 and never the key; the key deleted through replica A is refused by replica B at
its next request, with no wait (keys are looked up on every use); neither server's log holds the key."""

import hashlib
import time

import requests

import common
from common import API, expect


def databases():
    return ["postgres"] if common.postgres_url() else ["none"]


def with_key(key, carrier):
    return {"X-API-Key": key} if carrier == "header" else {"Authorization": f"Bearer {key}"}


def run(binary, kind):
    if kind != "postgres":
        return "skipped: TEST_DATABASE_URL is not set, and two replicas need one PostgreSQL database (CI sets it)"
    settings = {"RATE_LIMITS_ENABLED": "false", "LOCKOUT_AFTER": "0"}
    with common.workspace() as workdir, common.database("postgres", workdir) as db:
        a = common.Server(binary=binary, db=db, workdir=workdir, name="replica-a", settings=settings)
        b = common.Server(binary=binary, db=db, workdir=workdir, name="replica-b", settings=settings, secret_key=a.secret_key)
        try:
            a.start()
            b.start()
            return keys_across(a, b, db)
        finally:
            b.stop()
            a.stop()


def keys_across(a, b, db):
    tokens = common.tokens_for(a.base, "machine_owner")
    login = {"Authorization": f"Bearer {tokens['access_token']}"}
    created = requests.post(
        f"{a.base}{API}/auth/api-keys",
        json={"name": "nightly job", "scopes": ["post:list", "post:create"]},
        headers=login,
        timeout=60,
    )
    expect(created.status_code == 201, f"POST /auth/api-keys on replica A: {created.status_code} {created.text[:200]}")
    key = created.json()["key"]
    key_id = created.json()["id"]
    expect("." not in key and "_" in key, f"the key {key[:6]}… should be a prefix, '_' and base64url, with no dots")

    digests = [row[0] for row in db.sql("SELECT digest FROM api_keys")]
    expect(digests == [hashlib.sha256(key.encode()).hexdigest()], "the database should hold the key's SHA-256 only")
    stored = " ".join("|".join(row) for row in db.sql("SELECT * FROM api_keys"))
    expect(key.split("_", 1)[1] not in stored, "the database holds the key itself")

    post = {"title": "From a machine", "content": "Written with an API key"}
    for carrier in ("header", "bearer"):
        made = requests.post(f"{b.base}{API}/posts", json=post, headers=with_key(key, carrier), timeout=60)
        expect(made.status_code == 201, f"POST /posts with the key as {carrier} on replica B: {made.status_code} {made.text[:200]}")
    post_id = made.json()["id"]
    changed = requests.patch(f"{b.base}{API}/posts/{post_id}", json={"title": "x"}, headers=with_key(key, "header"), timeout=60)
    expect(changed.status_code == 403, f"PATCH /posts/{{id}} without post:update: {changed.status_code}, expected 403")
    for method, path in (("GET", "/auth/me"), ("GET", "/auth/api-keys"), ("POST", "/auth/logout")):
        refused = requests.request(method, f"{b.base}{API}{path}", headers=with_key(key, "bearer"), timeout=60)
        expect(refused.status_code == 403, f"{method} {path} with the key: {refused.status_code}, expected 403")

    listed = requests.get(f"{b.base}{API}/auth/api-keys", headers=login, timeout=60)
    expect(listed.status_code == 200 and key not in listed.text, "GET /auth/api-keys should list the key without it")
    expect(listed.json()[0]["last_used_at"] is not None, "the key's last use was not written")

    deleted = requests.delete(f"{a.base}{API}/auth/api-keys/{key_id}", headers=login, timeout=60)
    expect(deleted.status_code == 204, f"DELETE /auth/api-keys/{{id}} on replica A: {deleted.status_code}")
    began = time.monotonic()
    again = requests.post(f"{b.base}{API}/posts", json=post, headers=with_key(key, "bearer"), timeout=60)
    waited = time.monotonic() - began
    expect(again.status_code == 401, f"the deleted key on replica B at its next request: {again.status_code}, expected 401")
    expect(common.me(b.base, tokens["access_token"]).status_code == 200, "the login that made the key should go on")

    for server in (a, b):
        expect(key not in server.output(), f"{server.name}'s log holds the key")
        expect(key.split("_", 1)[1] not in server.output(), f"{server.name}'s log holds the key's secret part")
    return (f"a key made on replica A worked on replica B as X-API-Key and as Bearer within its scopes, 403 outside them "
            f"and on /auth routes; stored as its SHA-256 only; deleted on A, refused by B at the next request "
            f"(answered in {waited * 1000:.0f} ms); no key in either log")
