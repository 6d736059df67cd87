"""Concurrency: 50 parallel registrations of one username give exactly one 201 and 49 400s; 200 clients log in and
rotate their own refresh chains in parallel: no 5xx, every rotation gives a working new refresh token, the old one
is refused."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

import common
from common import expect

REGISTRATIONS = 50
CLIENTS = 200
USERS = 40
ROTATIONS = 3


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db, common.running(binary, db, workdir) as server:
        duplicate = same_username(server.base)
        chains = refresh_chains(server.base)
        return f"{duplicate}; {chains}"


def same_username(base):
    gate = threading.Barrier(REGISTRATIONS)

    def attempt(index):
        gate.wait()
        answer = common.register(base, "racer", email=f"racer{index}@example.com")
        return answer.status_code, answer.json().get("detail") if answer.status_code != 201 else None

    with ThreadPoolExecutor(REGISTRATIONS) as pool:
        answers = list(pool.map(attempt, range(REGISTRATIONS)))
    statuses = Counter(status for status, _ in answers)
    expect(
        statuses == Counter({201: 1, 400: REGISTRATIONS - 1}),
        f"{REGISTRATIONS} registrations of one username: {dict(statuses)}, expected one 201 and {REGISTRATIONS - 1} 400",
    )
    details = Counter(detail for status, detail in answers if status == 400)
    expect(len(details) == 1, f"the 400s differ: {dict(details)}")
    return f"{REGISTRATIONS} same-username registrations: 1×201, {REGISTRATIONS - 1}×400"


def refresh_chains(base):
    with ThreadPoolExecutor(USERS) as pool:
        created = list(pool.map(lambda index: common.register(base, f"chain{index}").status_code, range(USERS)))
    expect(created == [201] * USERS, f"registering {USERS} users: {Counter(created)}")

    gate = threading.Barrier(CLIENTS)
    statuses = Counter()
    lock = threading.Lock()

    def client(index):
        session = requests.Session()
        problems = []

        def note(answer):
            with lock:
                statuses[answer.status_code] += 1
            return answer

        gate.wait()
        answer = note(common.login(base, f"chain{index % USERS}", session=session))
        if answer.status_code != 200:
            return [f"client {index}: login {answer.status_code}"]
        chain = [answer.json()["refresh_token"]]
        for step in range(ROTATIONS):
            answer = note(common.refresh(base, chain[-1], session=session))
            if answer.status_code != 200:
                return [f"client {index}: rotation {step + 1} {answer.status_code} {answer.text[:120]}"]
            tokens = answer.json()
            if tokens["refresh_token"] in chain:
                return [f"client {index}: rotation {step + 1} returned an earlier refresh token"]
            chain.append(tokens["refresh_token"])
            answer = note(common.me(base, tokens["access_token"], session=session))
            if answer.status_code != 200:
                problems.append(f"client {index}: new access token after rotation {step + 1}: {answer.status_code}")
        # The first token was rotated away: it must be refused.
        answer = note(common.refresh(base, chain[0], session=session))
        if answer.status_code != 401:
            problems.append(f"client {index}: rotated refresh token answered {answer.status_code}, expected 401")
        return problems

    with ThreadPoolExecutor(CLIENTS) as pool:
        problems = [problem for result in pool.map(client, range(CLIENTS)) for problem in result]
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    expect(server_errors == 0, f"{server_errors} 5xx answers among {sum(statuses.values())}: {dict(statuses)}")
    expect(not problems, f"{len(problems)} problem(s) in the refresh chains, first: " + "; ".join(problems[:5]))
    total = sum(statuses.values())
    return (
        f"{CLIENTS} parallel clients × (login, {ROTATIONS} rotations + /me each, reuse of the first token): "
        f"{total} requests {dict(sorted(statuses.items()))}, no 5xx, every old token refused"
    )
