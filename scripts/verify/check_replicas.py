"""Two server processes on one PostgreSQL database, as two replicas behind a load balancer: the login rate limit and
the lockout count attempts on both, and a logout on one makes the access and refresh tokens fail on the other, even
though the other keeps answers of its session checks in memory (PostgreSQL reports the change to it)."""

import contextlib
import time

import common
from common import expect

LOGIN_LIMIT = 5  # Examples/blog.yaml: auth.rate_limit.login 5/minute
LOCKOUT_AFTER = 3
# Far longer than a report takes, so that a logout that reaches the other replica in time was reported, not expired.
SESSION_CACHE_SECONDS = "60"
REPORT_DEADLINE_S = 2.0


def databases():
    return ["postgres"] if common.postgres_url() else ["none"]


@contextlib.contextmanager
def replicas(binary, db, workdir, settings):
    """Two processes with the same secret; the first one applies the migrations before the second starts."""
    first = common.Server(binary=binary, db=db, workdir=workdir, name="replica-a", settings=settings)
    second = common.Server(binary=binary, db=db, workdir=workdir, name="replica-b", settings=settings, secret_key=first.secret_key)
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        second.stop()
        first.stop()


def run(binary, kind):
    if kind != "postgres":
        return "skipped: TEST_DATABASE_URL is not set, and two replicas need one PostgreSQL database (CI sets it)"
    results = []
    problems = []
    for part in (rate_limit, lockout, logout):
        try:
            results.append(part(binary))
        except common.CheckFailed as failure:
            problems.append(str(failure))
    expect(not problems, "; ".join(problems) + (f" (passed: {'; '.join(results)})" if results else ""))
    return "; ".join(results)


def rate_limit(binary):
    settings = {"RATE_LIMITS_ENABLED": "true", "LOCKOUT_AFTER": "0"}
    with common.workspace() as workdir, common.database("postgres", workdir) as db, replicas(binary, db, workdir, settings) as (a, b):
        statuses = []
        for attempt in range(LOGIN_LIMIT + 1):
            server = (a, b)[attempt % 2]
            statuses.append(common.login(server.base, "nobody-limited", "Wrong#Guess001").status_code)
        expect(
            statuses == [401] * LOGIN_LIMIT + [429],
            f"login limit {LOGIN_LIMIT}/minute across two replicas, alternating: {statuses}, expected {LOGIN_LIMIT}×401 then 429",
        )
        return f"login limit: {LOGIN_LIMIT} failures alternating on two replicas, the next one 429"


def lockout(binary):
    settings = {"RATE_LIMITS_ENABLED": "false", "LOCKOUT_AFTER": str(LOCKOUT_AFTER), "LOCKOUT_SECONDS": "60"}
    with common.workspace() as workdir, common.database("postgres", workdir) as db, replicas(binary, db, workdir, settings) as (a, b):
        created = common.register(a.base, "lockme")
        expect(created.status_code == 201, f"register: {created.status_code}")
        statuses = [common.login((a, b)[attempt % 2].base, "lockme", "Wrong#Guess001").status_code for attempt in range(LOCKOUT_AFTER)]
        expect(statuses == [401] * LOCKOUT_AFTER, f"{LOCKOUT_AFTER} wrong passwords alternating: {statuses}")
        for name, server in (("A", a), ("B", b)):
            answer = common.login(server.base, "lockme")
            expect(
                answer.status_code == 429 and answer.headers.get("Retry-After", "").isdigit(),
                f"lockout after {LOCKOUT_AFTER} failures alternating on two replicas: the right password answered "
                f"{answer.status_code} on replica {name} (Retry-After {answer.headers.get('Retry-After')!r}), expected 429",
            )
        return f"lockout: {LOCKOUT_AFTER} failures alternating lock the username on both replicas (429 + Retry-After)"


def logout(binary):
    settings = {"RATE_LIMITS_ENABLED": "false", "LOCKOUT_AFTER": "0", "SESSION_CACHE_SECONDS": SESSION_CACHE_SECONDS}
    with common.workspace() as workdir, common.database("postgres", workdir) as db, replicas(binary, db, workdir, settings) as (a, b):
        tokens = common.tokens_for(a.base, "twoplaces")
        # Twice: the second answer may come from replica B's memory.
        for _ in range(2):
            expect(common.me(b.base, tokens["access_token"]).status_code == 200, "the other replica refuses a fresh access token")
        answer = common.logout(a.base, tokens["access_token"])
        logged_out = time.monotonic()
        expect(answer.status_code == 200, f"logout on replica A: {answer.status_code}")
        attempts = 0
        while True:
            attempts += 1
            after_me = common.me(b.base, tokens["access_token"]).status_code
            waited = time.monotonic() - logged_out
            if after_me != 200 or waited > REPORT_DEADLINE_S:
                break
            time.sleep(0.01)
        after_refresh = common.refresh(b.base, tokens["refresh_token"]).status_code
        expect(
            (after_me, after_refresh) == (401, 401),
            f"{waited:.2f} s after logout on replica A, replica B answers /me {after_me} and refresh {after_refresh}, "
            f"expected 401 and 401 (SESSION_CACHE_SECONDS={SESSION_CACHE_SECONDS})",
        )
        return (f"logout on one replica: access and refresh tokens refused on the other, /me at attempt {attempts} "
                f"({waited * 1000:.0f} ms after the logout; its session cache keeps answers {SESSION_CACHE_SECONDS} s)")
