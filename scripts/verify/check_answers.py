"""The answers a fuzzer rarely provokes, each sent on purpose and validated by schemathesis against the served
/openapi.json (status code, content type, headers, body): 401 without or with a bad token (also a deactivated
user's, whose sessions were revoked), 403 for a user who may not and for an inactive user's login, 404, both 422
shapes, 413 for a body over the limit, 429 with Retry-After (rate limits on), and production's 403 for plain HTTP."""

import schemathesis

import common
from check_schemathesis import superuser_token
from common import expect

BIG_BODY_BYTES = 3 * 1024 * 1024


def databases():
    return common.databases()


def run(binary, kind):
    seen = []
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        limited = {"RATE_LIMITS_ENABLED": "true"}
        with common.running(binary, db, workdir, name="answers", settings=limited) as server:
            schema = schemathesis.openapi.from_url(f"{server.base}/openapi.json")
            probe = Prober(schema, server.base, seen)
            admin = superuser_token(server)
            user = common.tokens_for(server.base, "plain")["access_token"]
            sleeper = common.tokens_for(server.base, "sleeper")["access_token"]
            sleeper_id = common.me(server.base, sleeper).json()["id"]
            post = probe("POST", "/api/posts", 201, token=user, body={"title": "A post", "content": "Text."}).json()["id"]

            probe("GET", "/api/auth/me", 401)
            probe("GET", "/api/auth/me", 401, token="not.a.token")
            probe("GET", "/api/users", 403, token=user)
            probe("DELETE", "/api/posts/{id}", 403, token=user, path={"id": post})
            probe("PATCH", "/api/users/{id}", 200, token=admin, path={"id": sleeper_id}, body={"is_active": False})
            # Deactivation revoked the sleeper's session: its token is refused like any revoked one.
            probe("GET", "/api/auth/me", 401, token=sleeper)
            probe("POST", "/api/auth/token", 403, form={"username": "sleeper", "password": common.PASSWORD})
            probe("GET", "/api/posts/{id}", 404, path={"id": 999999})
            probe("PATCH", "/api/users/{id}", 404, token=admin, path={"id": 999999}, body={"is_active": True})
            probe("GET", "/api/posts", 422, query={"limit": 0})
            probe("POST", "/api/posts", 422, token=user, body={"title": 5})
            probe("POST", "/api/auth/register", 422, body={"email": "no-at-sign", "username": "x", "password": "short"})
            probe("POST", "/api/auth/register", 400, body={"email": "p2@example.com", "username": "plain", "password": common.PASSWORD})
            wrong_current = {"current_password": "Wrong#Guess001", "new_password": "Fresh#Garden43"}
            probe("POST", "/api/auth/password", 400, token=user, body=wrong_current)
            probe("POST", "/api/auth/password", 422, token=user, body={"current_password": common.PASSWORD, "new_password": "short"})
            probe("POST", "/api/auth/password", 401, body=wrong_current)
            big = "x" * BIG_BODY_BYTES
            probe("POST", "/api/auth/register", 413, body={"email": "big@example.com", "username": "big", "password": big})
            probe("POST", "/api/posts", 413, token=user, body={"title": "Big", "content": big})
            probe("POST", "/api/auth/token", 413, form={"username": "big", "password": big})
            for _ in range(8):
                answer = probe("POST", "/api/auth/token", None, form={"username": "limited", "password": "Wrong#Guess001"})
                if answer.status_code == 429:
                    break
            expect(answer.status_code == 429, f"no 429 after 8 failed logins with rate limits on: {answer.status_code}")
            retry_after = (answer.headers.get("retry-after") or [""])[0]  # schemathesis: lower-case names, lists of values
            expect(retry_after.isdigit(), f"429 without a Retry-After in seconds: {answer.headers}")

        production = {"ENVIRONMENT": "production"}
        with common.running(binary, db, workdir, name="production", settings=production) as server:
            probe = Prober(schema, server.base, seen)
            probe("GET", "/api/auth/me", 403, token=user)
            probe("POST", "/api/auth/token", 403, form={"username": "plain", "password": common.PASSWORD})
            probe("GET", "/api/posts", 403)
            probe("GET", "/openapi.json", 403)
            probe("GET", "/health", 200)
        return f"{len(seen)} answers provoked on purpose, each valid against the document: statuses {sorted(set(seen))}"


class Prober:
    """Sends one request through a schemathesis Case of the documented operation and validates the answer."""

    def __init__(self, schema, base, seen):
        self.schema = schema
        self.base = base
        self.seen = seen

    def __call__(self, method, route, expected, token=None, path=None, query=None, body=None, form=None):
        operation = self.schema[route][method]
        arguments = {"path_parameters": path or {}, "query": query or {}}
        if body is not None:
            arguments.update(body=body, media_type="application/json")
        if form is not None:
            arguments.update(body=form, media_type="application/x-www-form-urlencoded")
        case = operation.Case(**arguments)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(base_url=self.base, headers=headers, timeout=60)
        self.seen.append(response.status_code)
        label = f"{method} {route} → {response.status_code}"
        if expected is not None:
            expect(response.status_code == expected, f"{label}, expected {expected}: {response.text[:200]}")
        try:
            case.validate_response(response, headers=headers)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as failure:  # schemathesis raises an exception group listing every failed check
            raise common.CheckFailed(f"{label} does not match the document: {str(failure)[:1500]}")
        return response
