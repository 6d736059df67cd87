"""Logs: a full session with LOG_LEVEL=debug (register, login, me, refresh, password change, logout, failed logins,
a token in the query string); no password, no token (nor any of a JWT's three parts) and not SECRET_KEY appear in
the server's stdout or stderr."""

import common
from common import expect

NEW_PASSWORD = "Quiet#River77"
WRONG_PASSWORDS = ["Wrong#Guess001", "Another#Try002"]


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        server = common.Server(binary=binary, db=db, workdir=workdir, name="logs", settings={"LOG_LEVEL": "debug"})
        secrets = {"SECRET_KEY": server.secret_key, "password": common.PASSWORD, "new password": NEW_PASSWORD}
        for index, wrong in enumerate(WRONG_PASSWORDS):
            secrets[f"wrong password {index + 1}"] = wrong
        steps, problems = [], []
        try:
            server.start()
            base = server.base

            def step(name, answer, expected):
                steps.append(f"{name} {answer.status_code}")
                if answer.status_code != expected:
                    # An error body only: a success body holds tokens, which a CI log must not show either.
                    detail = f": {answer.text[:120]}" if answer.status_code >= 400 else ""
                    problems.append(f"{name}: {answer.status_code}, expected {expected}{detail}")
                return answer

            step("register", common.register(base, "logwatch"), 201)
            step("login (unknown user)", common.login(base, "nobody-here", WRONG_PASSWORDS[0]), 401)
            step("login (wrong password)", common.login(base, "logwatch", WRONG_PASSWORDS[1]), 401)
            first = step("login", common.login(base, "logwatch"), 200).json()
            second = step("second login", common.login(base, "logwatch"), 200).json()
            step("me", common.me(base, first["access_token"]), 200)
            step(
                "me with the token in the query string",
                common.requests.get(f"{base}{common.API}/auth/me?access_token={first['access_token']}", timeout=30),
                401,
            )
            rotated = step("refresh", common.refresh(base, first["refresh_token"]), 200).json()
            step(
                "password change",
                common.change_password(base, rotated["access_token"], common.PASSWORD, NEW_PASSWORD),
                200,
            )
            # Reuse of a rotated token (this also ends that login's session).
            step("refresh with the rotated token", common.refresh(base, first["refresh_token"]), 401)
            step("login with the old password", common.login(base, "logwatch"), 401)
            answer = step("login with the new password", common.login(base, "logwatch", NEW_PASSWORD), 200)
            last = answer.json() if answer.status_code == 200 else rotated
            step("logout", common.logout(base, last["access_token"]), 200)
            tokens = [first, second, rotated, last]
        finally:
            server.stop()

        for index, issued in enumerate(tokens):
            for kind_of_token in ("access_token", "refresh_token"):
                token = issued[kind_of_token]
                secrets[f"{kind_of_token} {index + 1}"] = token
                for part_index, part in enumerate(token.split(".")):
                    secrets[f"{kind_of_token} {index + 1} part {part_index + 1}"] = part
        output = server.output()
        lines = output.splitlines()
        expect(len(lines) >= len(steps), f"only {len(lines)} log line(s) for {len(steps)} requests at debug level")
        leaks = sorted({name for name, value in secrets.items() if value and value in output})
        expect(not leaks, f"found in the server's output: {', '.join(leaks)}")
        expect(not problems, f"no secret in the output, but the session went wrong: {'; '.join(problems)}")
        return f"{len(steps)} requests, {len(lines)} log lines at debug level, {len(secrets)} secret strings: none found"
