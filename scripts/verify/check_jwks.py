"""Tokens another service verifies with the published keys alone, as PyJWT's PyJWKClient does it: the shop example
(EdDSA, the jwks plugin) runs with a key list made by its own `keys rotate`; PyJWKClient fetches
/.well-known/jwks.json (found through /.well-known/openid-configuration) and verifies an access token (signature,
kid, iss, aud, exp). Then a rotation (restart with a new key first): the old token still verifies, and so does one
signed by the new key; then the old key retired (restart without it): the JWKS no longer holds it, PyJWKClient and
the server refuse its token, the new one still verifies. With JWT_ALGORITHM=HS256 nothing is published (404) and the
log says why once. No private key appears in any log.

make verify passes the blog binary, which signs with HS256; this check runs the shop binary beside it in the same
build folder (SHOP_BINARY overrides the path), which `make verify` builds first.
"""

import os

import jwt
import requests

import common
from common import PASSWORD, expect, say


def databases():
    return common.databases()


def shop_binary(blog_binary):
    return os.environ.get("SHOP_BINARY") or os.path.join(os.path.dirname(blog_binary), "shop-api")


def key_list(server, command, current=None):
    """`shop-api keys <command>` with JWT_PRIVATE_KEYS = current; the printed value, as the server reads it."""
    env = {"JWT_ALGORITHM": "EdDSA", "JWT_PRIVATE_KEYS": current or ""}
    answer = server.run_command("keys", command, env=env)
    expect(answer.returncode == 0, f"keys {command} failed: {answer.stderr.strip()[-400:]}")
    line = answer.stdout.strip()
    expect(line.startswith('JWT_PRIVATE_KEYS="') and line.endswith('"'), f"keys {command} printed {line[:40]!r}…")
    expect("PRIVATE KEY" not in answer.stderr, f"keys {command} wrote a key to standard error")
    return line[len('JWT_PRIVATE_KEYS="'):-1], answer.stderr.split()


def discovery(base):
    answer = requests.get(f"{base}/.well-known/openid-configuration", timeout=30)
    expect(answer.status_code == 200, f"openid-configuration answered {answer.status_code}")
    document = answer.json()
    expect(document["jwks_uri"] == f"{base}/.well-known/jwks.json", f"jwks_uri is {document['jwks_uri']}")
    expect(document["id_token_signing_alg_values_supported"] == ["EdDSA"], f"algorithms {document}")
    # Without JWKS_PUBLIC_BASE_URL the URLs follow the Host a client sends: that answer must stay out of shared caches.
    expect(answer.headers.get("Cache-Control") == "no-store", f"Cache-Control {answer.headers.get('Cache-Control')}")
    forged = requests.get(f"{base}/.well-known/openid-configuration", headers={"Host": "evil.example"}, timeout=30)
    expect(forged.json()["jwks_uri"] == "http://evil.example/.well-known/jwks.json", f"forged Host: {forged.text[:200]}")
    expect(forged.headers.get("Cache-Control") == "no-store", f"forged Host: Cache-Control {forged.headers.get('Cache-Control')}")
    return document


def log_in(document, username):
    answer = requests.post(document["token_endpoint"], data={"username": username, "password": PASSWORD}, timeout=60)
    expect(answer.status_code == 200, f"login at {document['token_endpoint']}: {answer.status_code} {answer.text[:200]}")
    return answer.json()["access_token"]


def verified(document, token, audience):
    """PyJWT with only the JWKS URI: the key is chosen by the token's kid."""
    client = jwt.PyJWKClient(document["jwks_uri"], cache_keys=False, cache_jwk_set=False)
    key = client.get_signing_key_from_jwt(token)
    return jwt.decode(token, key, algorithms=["EdDSA"], audience=audience, issuer=document["issuer"])


def refused(document, token, audience):
    try:
        verified(document, token, audience)
    except (jwt.PyJWKClientError, jwt.InvalidTokenError):
        return True
    return False


def run(binary, kind):
    binary = shop_binary(binary)
    expect(os.path.exists(binary), f"no shop binary at {binary} (make verify builds Generated/shop-api)")
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        settings = {"JWT_ALGORITHM": "EdDSA"}
        server = common.Server(binary=binary, db=db, workdir=workdir, settings=settings, name="shop")
        first, first_kids = key_list(server, "rotate")
        settings["JWT_PRIVATE_KEYS"] = first
        made = server.run_command(
            "create-superuser", "--username", "keeper", "--email", "keeper@example.com", env={"SUPERUSER_PASSWORD": PASSWORD}
        )
        expect(made.returncode == 0, f"create-superuser: {made.stderr.strip()[-300:]}")
        audience = "shop-api-clients"
        logs = []

        server.start()
        try:
            document = discovery(server.base)
            keys = requests.get(document["jwks_uri"], timeout=30)
            expect(keys.headers.get("Cache-Control") == "public, max-age=300", f"Cache-Control {keys.headers.get('Cache-Control')}")
            old_kid = keys.json()["keys"][0]["kid"]
            expect([key["kid"] for key in keys.json()["keys"]] == [first_kids[0]], f"JWKS {keys.json()} for key {first_kids[0]}")
            before = log_in(document, "keeper")
            expect(jwt.get_unverified_header(before)["kid"] == old_kid, "the token does not name the published key")
            expect(verified(document, before, audience)["sub"] == "keeper", "PyJWKClient did not verify the token")
        finally:
            server.stop()
            logs.append(server.output())
        say(f"before rotation: PyJWKClient verified a token of kid {old_kid}")

        rotated, _ = key_list(server, "rotate", first)
        expect(len(rotated.split("-----BEGIN")) == 3, "keys rotate did not print two keys")
        settings["JWT_PRIVATE_KEYS"] = rotated
        server.start()
        try:
            document = discovery(server.base)
            kids = [key["kid"] for key in requests.get(document["jwks_uri"], timeout=30).json()["keys"]]
            expect(len(kids) == 2 and kids[1] == old_kid, f"after rotation the JWKS holds {kids}")
            expect(verified(document, before, audience)["sub"] == "keeper", "the token of before the rotation no longer verifies")
            me_path = document["token_endpoint"].replace("/auth/token", "/auth/me")
            answer = requests.get(me_path, headers={"Authorization": f"Bearer {before}"}, timeout=30)
            expect(answer.status_code == 200, f"after rotation /auth/me refused the old key's token: {answer.status_code}")
            after = log_in(document, "keeper")
            expect(jwt.get_unverified_header(after)["kid"] == kids[0], "a new token is not signed by the new key")
            expect(verified(document, after, audience)["sub"] == "keeper", "PyJWKClient did not verify the new token")
        finally:
            server.stop()
            logs.append(server.output())
        say(f"after rotation: keys {kids}; the old and the new token verify")

        retired, _ = key_list(server, "retire", rotated)
        settings["JWT_PRIVATE_KEYS"] = retired
        server.start()
        try:
            document = discovery(server.base)
            kids = [key["kid"] for key in requests.get(document["jwks_uri"], timeout=30).json()["keys"]]
            expect(old_kid not in kids and len(kids) == 1, f"after retiring, the JWKS holds {kids}")
            expect(refused(document, before, audience), "PyJWKClient still verified a token of the removed key")
            me_path = document["token_endpoint"].replace("/auth/token", "/auth/me")
            for token, status in ((before, 401), (after, 200)):
                answer = requests.get(me_path, headers={"Authorization": f"Bearer {token}"}, timeout=30)
                expect(answer.status_code == status, f"/auth/me answered {answer.status_code}, not {status}")
            expect(verified(document, after, audience)["sub"] == "keeper", "the new token no longer verifies")
        finally:
            server.stop()
            logs.append(server.output())
        say("after retiring the old key: its token refused (PyJWKClient and /auth/me 401), the new one verifies")

        settings["JWT_ALGORITHM"] = "HS256"
        settings.pop("JWT_PRIVATE_KEYS")
        server.start()
        try:
            for path in ("/.well-known/jwks.json", "/.well-known/openid-configuration"):
                status = requests.get(f"{server.base}{path}", timeout=30).status_code
                expect(status == 404, f"with HS256 {path} answered {status}")
        finally:
            server.stop()
            logs.append(server.output())
        expect(logs[-1].count("No JWKS published") == 1, "with HS256 the log does not say once why no JWKS is published")
        expect(not any("PRIVATE KEY" in log or server.secret_key in log for log in logs), "a key appears in the log")
    return f"PyJWKClient verified EdDSA tokens before and after a rotation, refused the retired key's; HS256 publishes nothing ({kind})"
