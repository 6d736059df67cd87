"""Sessions a user controls, across two server processes on one PostgreSQL database (two replicas behind a load
balancer): a user logged in twice lists both sessions on replica A (the caller's marked current, the client shown as
its /24 network only), ends the other one through replica B, and from then on that session's access token is refused
by both replicas and its refresh token too, although each replica keeps answers of its session checks in memory for a
minute (PostgreSQL reports the change to both); the session that asked keeps working on both."""

import time

import requests

import common
from common import API, expect

SESSION_CACHE_SECONDS = "60"
REPORT_DEADLINE_S = 2.0


def databases():
    return ["postgres"] if common.postgres_url() else ["none"]


def sessions(server, token):
    answer = requests.get(f"{server.base}{API}/auth/sessions", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    expect(answer.status_code == 200, f"GET /auth/sessions on {server.name}: {answer.status_code} {answer.text[:200]}")
    return answer.json()


def login(server, username, agent):
    answer = common.login(server.base, username, headers={"User-Agent": agent})
    expect(answer.status_code == 200, f"login of {username} on {server.name}: {answer.status_code} {answer.text[:200]}")
    return answer.json()


def until_refused(server, token):
    """Asks /me until the token is refused or the deadline passes; returns the last status and the time it took."""
    began = time.monotonic()
    while True:
        status = common.me(server.base, token).status_code
        waited = time.monotonic() - began
        if status != 200 or waited > REPORT_DEADLINE_S:
            return status, waited
        time.sleep(0.01)


def run(binary, kind):
    if kind != "postgres":
        return "skipped: TEST_DATABASE_URL is not set, and two replicas need one PostgreSQL database (CI sets it)"
    settings = {"RATE_LIMITS_ENABLED": "false", "LOCKOUT_AFTER": "0", "SESSION_CACHE_SECONDS": SESSION_CACHE_SECONDS}
    with common.workspace() as workdir, common.database("postgres", workdir) as db:
        a = common.Server(binary=binary, db=db, workdir=workdir, name="replica-a", settings=settings)
        b = common.Server(binary=binary, db=db, workdir=workdir, name="replica-b", settings=settings, secret_key=a.secret_key)
        try:
            a.start()
            b.start()
            return sessions_across(a, b)
        finally:
            b.stop()
            a.stop()


def sessions_across(a, b):
    created = common.register(a.base, "roaming")
    expect(created.status_code == 201, f"register: {created.status_code} {created.text[:200]}")
    laptop = login(a, "roaming", "Laptop/1.0")
    phone = login(b, "roaming", "Phone/2.0")
    # Twice on each: the second answer may come from the replica's memory.
    for server in (a, b, a, b):
        expect(common.me(server.base, phone["access_token"]).status_code == 200, f"{server.name} refuses a fresh access token")

    listed = sessions(a, laptop["access_token"])
    agents = sorted(session.get("user_agent") for session in listed)
    expect(agents == ["Laptop/1.0", "Phone/2.0"], f"replica A lists the sessions of {agents}, expected the laptop's and the phone's")
    current = [session for session in listed if session.get("current")]
    expect(len(current) == 1 and current[0]["user_agent"] == "Laptop/1.0", f"current: {current}, expected the laptop's session only")
    networks = {session.get("client_address") for session in listed}
    expect(networks == {"127.0.0.0/24"}, f"client_address {networks}, expected the loopback client's /24 only")
    phone_id = next(session["id"] for session in listed if session["user_agent"] == "Phone/2.0")

    ended = requests.delete(
        f"{b.base}{API}/auth/sessions/{phone_id}", headers={"Authorization": f"Bearer {laptop['access_token']}"}, timeout=60
    )
    expect(ended.status_code == 204, f"DELETE /auth/sessions/{{id}} on replica B: {ended.status_code} {ended.text[:200]}")
    timings = []
    for server in (a, b):
        status, waited = until_refused(server, phone["access_token"])
        expect(
            status == 401,
            f"{waited:.2f} s after the phone's session was ended through replica B, {server.name} answers /me {status} "
            f"to its access token, expected 401 (SESSION_CACHE_SECONDS={SESSION_CACHE_SECONDS})",
        )
        timings.append(f"{server.name} {waited * 1000:.0f} ms")
        expect(common.me(server.base, laptop["access_token"]).status_code == 200, f"{server.name} refuses the laptop's session")
    refreshed = common.refresh(a.base, phone["refresh_token"]).status_code
    expect(refreshed == 401, f"the ended session's refresh token: {refreshed}, expected 401")
    remaining = [session["user_agent"] for session in sessions(b, laptop["access_token"])]
    expect(remaining == ["Laptop/1.0"], f"replica B still lists {remaining}")
    return (f"two sessions listed on replica A (current marked, client shown as 127.0.0.0/24), one ended through "
            f"replica B: its access token refused by both ({', '.join(timings)}), its refresh token too, the other kept")
