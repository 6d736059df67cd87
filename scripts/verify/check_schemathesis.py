"""schemathesis against the server's own /openapi.json, rate limits and lockout off, twice: logged in as a user who
registered, then as a superuser made with `create-superuser` (so the superuser-only operations answer 200 too).
No 5xx, and every response conforms to the document: status code, content type, headers, body schema.
Bounded by VERIFY_EXAMPLES test cases per operation and phase (default 100) and a fixed seed (VERIFY_SEED), so a CI
run is reproducible; each run is also stopped after TIME_LIMIT seconds."""

import json
import os
import subprocess
import sys
import time
from collections import Counter

import common
from common import expect

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]
ADMIN_PASSWORD = "Admin#Pass2024"
TIME_LIMIT = 300


def databases():
    return common.databases()


def examples():
    return os.environ.get("VERIFY_EXAMPLES", "100")


def seed():
    return os.environ.get("VERIFY_SEED", "20261125")


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db, common.running(binary, db, workdir) as server:
        user_token = common.tokens_for(server.base, "fuzzer")["access_token"]
        admin_token = superuser_token(server)
        # A post to read, change and delete, so those operations answer 200 and 204 too.
        created = common.requests.post(
            f"{server.base}{common.API}/posts",
            json={"title": "Seed post", "content": "Seed content.", "published": True},
            headers={"Authorization": f"Bearer {user_token}"},
            timeout=30,
        )
        expect(created.status_code == 201, f"creating a post: {created.status_code} {created.text[:200]}")
        figures = []
        for identity, token in (("user", user_token), ("superuser", admin_token)):
            figures.append(f"as {identity}: {fuzz(server, token, identity, workdir)}")
        server_errors = [line for line in server.output().splitlines() if "Unhandled error" in line]
        expect(not server_errors, f"the server logged {len(server_errors)} unhandled error(s): {server_errors[:3]}")
        return f"{examples()} examples per operation and phase, seed {seed()}; " + "; ".join(figures)


def superuser_token(server):
    made = server.run_command(
        "create-superuser", "--username", "admin", "--email", "admin@example.com", env={"SUPERUSER_PASSWORD": ADMIN_PASSWORD}
    )
    expect(made.returncode == 0, f"create-superuser: exit {made.returncode}: {made.stderr[-300:]}")
    answer = common.login(server.base, "admin", ADMIN_PASSWORD)
    expect(answer.status_code == 200, f"superuser login: {answer.status_code}")
    return answer.json()["access_token"]


def fuzz(server, token, identity, workdir):
    report = os.path.join(workdir, f"schemathesis-{identity}.ndjson")
    command = [
        os.path.join(os.path.dirname(sys.executable), "schemathesis"),
        "run",
        f"{server.base}/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--header",
        f"Authorization: Bearer {token}",
        # Logging out would end the session that every later request uses; the other checks cover logout. So would
        # ending all of the caller's sessions, or all of a user's (the superuser's id is 1); check_sessions and the
        # server's tests cover those.
        "--exclude-path",
        f"{common.API}/auth/logout",
        "--exclude-path",
        f"{common.API}/auth/logout-all",
        "--exclude-path",
        f"{common.API}/users/{{id}}/sessions",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        examples(),
        "--seed",
        seed(),
        # One worker: CPython 3.11 keeps the AST builder's recursion count per interpreter, not per thread, so two
        # workers building hypothesis's strategy descriptions at once end in "SystemError: AST constructor recursion
        # depth mismatch" (python/cpython#106905), a crash of the tool, not a finding.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        report,
        "--output-sanitize",
        "true",
        "--no-color",
    ]
    began = time.monotonic()
    try:
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        raise common.CheckFailed(f"schemathesis as {identity} did not finish within {TIME_LIMIT}s")
    elapsed = time.monotonic() - began
    figures = summarize(report)
    if result.returncode != 0:
        # schemathesis sanitizes the Authorization header in what it prints.
        print(result.stdout[-15000:], flush=True)
        print(result.stderr[-3000:], file=sys.stderr, flush=True)
    expect(result.returncode == 0, f"schemathesis as {identity} found problems (exit {result.returncode}; its output above): {figures}")
    return f"{figures} in {elapsed:.0f}s"


def summarize(report):
    """Operations, requests, answers by status and checks run, from schemathesis's ndjson events."""
    operations, statuses, checks, refused = set(), Counter(), Counter(), Counter()
    if not os.path.exists(report):
        return "no report"
    with open(report) as events:
        for line in events:
            finished = json.loads(line).get("ScenarioFinished") if line.strip() else None
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            operations.add(recorder.get("label"))
            for interaction in (recorder.get("interactions") or {}).values():
                response = interaction.get("response") if isinstance(interaction, dict) else None
                status = response.get("status_code") if isinstance(response, dict) else "no answer"
                statuses[status] += 1
                if status == 401:
                    refused[recorder.get("label")] += 1
            for results in (recorder.get("checks") or {}).values():
                for result in results:
                    checks[result.get("status")] += 1
    answers = " ".join(f"{status}×{count}" for status, count in sorted(statuses.items(), key=lambda item: str(item[0])))
    verdicts = ", ".join(f"{count} {status}" for status, count in sorted(checks.items()))
    most_refused = ", ".join(f"{label} {count}" for label, count in refused.most_common(3))
    return (f"{len(operations - {None})} operations, {sum(statuses.values())} requests ({answers}), checks {verdicts}"
            + (f"; 401 most at {most_refused}" if refused else ""))
