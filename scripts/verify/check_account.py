"""Account deletion under concurrent requests of the same user.

A user with several logins and posts deletes the account from each login at once, while the same user's other
requests (/me, the export, new posts, refreshes) race with the deletions: no answer is a 5xx, exactly one deletion is
answered 204 and every other one 401, and afterwards nothing of the user is left: no login, no token that works, no
post of theirs. With `on_delete: anonymize` (the blog's; the document's nullable author_id says so) every post the
user was told was created is still listed, with no author; with cascade none is. Another user's posts all survive.
Repeated for several rounds.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

import common
from common import API, PASSWORD, expect

ROUNDS = 5
LOGINS = 6
POSTS = 5


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db, common.running(binary, db, workdir) as server:
        base = server.base
        bystander = common.tokens_for(base, "bystander")
        kept = [create_post(base, bystander["access_token"]).json()["id"] for _ in range(POSTS)]
        anonymize = keeps_ownerless_posts(base)
        statuses, orphans = Counter(), []
        for round_number in range(ROUNDS):
            answers, created = race(base, f"leaver{round_number}")
            statuses += answers
            orphans += created
        remaining = {post["id"]: post.get("author_id") for post in all_posts(base)}
        expected = {**{post: bystander_id(base, bystander) for post in kept}, **({post: None for post in orphans} if anonymize else {})}
        expect(remaining == expected, f"posts after the deletions (id: author): {remaining}, expected {expected}")
        log = server.output()
        expect(PASSWORD not in log, "the password appears in the server's log")
        kept_as = f"their {len(orphans)} posts kept without author" if anonymize else "their posts deleted"
        return (
            f"{ROUNDS} rounds of {LOGINS} simultaneous deletions with racing requests: {dict(sorted(statuses.items()))}, "
            f"no 5xx, nothing of the users left, {kept_as}"
        )


def keeps_ownerless_posts(base):
    """Whether the server keeps a deleted user's posts (on_delete: anonymize): its document's author_id is nullable."""
    document = requests.get(f"{base}/openapi.json", timeout=60).json()
    author = document["components"]["schemas"]["Post"]["properties"]["author_id"]
    kind = author.get("type")
    return "null" in kind if isinstance(kind, list) else bool(author.get("nullable"))


def bystander_id(base, tokens):
    return common.me(base, tokens["access_token"]).json()["id"]


def create_post(base, token):
    return requests.post(
        f"{base}{API}/posts",
        json={"title": "Mine", "content": "Written before leaving"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )


def all_posts(base):
    posts, offset = [], 0
    while True:
        page = requests.get(f"{base}{API}/posts", params={"limit": 100, "offset": offset}, timeout=60)
        expect(page.status_code == 200, f"listing posts: {page.status_code}")
        posts += page.json()
        if len(page.json()) < 100:
            return posts
        offset += 100


def race(base, username):
    first = common.tokens_for(base, username)
    logins = [first] + [common.login(base, username).json() for _ in range(LOGINS - 1)]
    user_id = common.me(base, first["access_token"]).json()["id"]
    created = []
    for _ in range(POSTS):
        answer = create_post(base, first["access_token"])
        expect(answer.status_code == 201, "creating a post")
        created.append(answer.json()["id"])

    calls = []
    for tokens in logins:
        access, refresh_token = tokens["access_token"], tokens["refresh_token"]
        headers = {"Authorization": f"Bearer {access}"}
        calls += [
            ("delete", lambda h=headers: requests.delete(f"{base}{API}/auth/me", json={"password": PASSWORD}, headers=h, timeout=60)),
            ("me", lambda a=access: common.me(base, a)),
            ("export", lambda h=headers: requests.get(f"{base}{API}/auth/me/export", headers=h, timeout=60)),
            ("post", lambda a=access: create_post(base, a)),
            ("refresh", lambda r=refresh_token: common.refresh(base, r)),
        ]
    gate = threading.Barrier(len(calls))

    def call(entry):
        name, send = entry
        gate.wait()
        answer = send()
        if name == "export" and answer.status_code == 200:
            answer.json()  # the whole document arrives and parses, even while the user goes
        if name == "post" and answer.status_code == 201:
            created.append(answer.json()["id"])
        return name, answer.status_code

    with ThreadPoolExecutor(len(calls)) as pool:
        answers = list(pool.map(call, calls))
    errors = [(name, status) for name, status in answers if status >= 500]
    expect(not errors, f"{username}: 5xx answers during the deletions: {errors}")
    deletions = Counter(status for name, status in answers if name == "delete")
    expect(deletions == Counter({204: 1, 401: LOGINS - 1}), f"{username}: deletions answered {dict(deletions)}, expected one 204")

    expect(common.login(base, username).status_code == 401, f"{username} still logs in after the deletion")
    for tokens in logins:
        expect(common.me(base, tokens["access_token"]).status_code == 401, f"a token of {username} still works")
        expect(common.refresh(base, tokens["refresh_token"]).status_code == 401, f"a refresh token of {username} still works")
    left = [post["id"] for post in all_posts(base) if post.get("author_id") == user_id]
    expect(not left, f"posts of the deleted {username} are left: {left}")
    return Counter(f"{name} {status}" for name, status in answers), created
