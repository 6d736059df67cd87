"""TOTP over HTTP with codes computed independently of the server, by pyotp (PyPI) and by oathtool (Debian), which
must agree at every step: enrolment (the otpauth:// URI parsed by pyotp gives the secret, issuer and account) →
confirmation with a first code → a login that answers 401 "MFA required" with an mfa_token until a code is given
(tokens with amr ["pwd", "otp"]) → a replayed code refused → a recovery code that logs in once → turning TOTP off
with the password and a code, after which the password alone logs in again (amr ["pwd"]). No secret, code, recovery
code or mfa_token appears in the server's log.
"""

import base64
import json
import subprocess
import time

import pyotp
import requests

import common
from common import API, PASSWORD, expect, say

STEP = 30


def databases():
    return common.databases()


def request(server, method, path, body=None, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, f"{server.base}{API}{path}", json=body, headers=headers, timeout=60)


def amr(access_token):
    payload = access_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))).get("amr")


class Codes:
    """Codes of one secret, each of a step after the last one used (the server accepts a step once), within the
    server's window of one step either side of now."""

    def __init__(self, secret):
        self.secret = secret
        self.last = None

    def next(self):
        current = int(time.time()) // STEP
        step = current - 1 if self.last is None else max(self.last + 1, current - 1)
        # Every step of the window is used: wait for the clock to reach the next one.
        while step > int(time.time()) // STEP + 1:
            time.sleep(0.2)
        self.last = step
        by_pyotp = pyotp.TOTP(self.secret).at(step * STEP)
        by_oathtool = subprocess.run(
            ["oathtool", "--totp", "-b", self.secret, "--now", f"@{step * STEP}"], capture_output=True, text=True, check=True
        ).stdout.strip()
        expect(by_pyotp == by_oathtool, f"pyotp ({by_pyotp}) and oathtool ({by_oathtool}) disagree at step {step}")
        return by_pyotp


def mfa_token(server, username):
    answer = common.login(server.base, username)
    expect(
        answer.status_code == 401 and answer.json().get("detail") == "MFA required",
        f"the password of a user with TOTP: {answer.status_code} {answer.text[:200]}",
    )
    expect("access_token" not in answer.json(), "the password alone got tokens")
    return answer.json()["mfa_token"]


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        with common.running(binary, db, workdir, name="mfa") as server:
            secrets_seen = []
            access = common.tokens_for(server.base, "alice")["access_token"]
            setup = request(server, "POST", "/auth/mfa/totp/setup", token=access)
            expect(setup.status_code == 200, f"setup: {setup.status_code} {setup.text[:200]}")
            secret = setup.json()["secret"]
            parsed = pyotp.parse_uri(setup.json()["otpauth_uri"])
            expect(parsed.secret == secret, "the otpauth:// URI's secret is not the secret answered")
            expect(parsed.name == "alice" and parsed.issuer, f"the URI names {parsed.name!r} of {parsed.issuer!r}")
            codes = Codes(secret)

            confirm_code = codes.next()
            confirmed = request(server, "POST", "/auth/mfa/totp/confirm", {"code": confirm_code}, token=access)
            expect(confirmed.status_code == 200, f"confirm: {confirmed.status_code} {confirmed.text[:200]}")
            recovery = confirmed.json()["recovery_codes"]
            expect(len(recovery) == 10, f"{len(recovery)} recovery codes, not the spec's 10")
            expect(common.me(server.base, access).json().get("mfa_enabled") is True, "/me does not say mfa_enabled")
            say("enrolment: the URI's secret, issuer and account; confirmed with a code pyotp and oathtool agree on")

            token = mfa_token(server, "alice")
            code = codes.next()
            verified = request(server, "POST", "/auth/mfa/verify", {"mfa_token": token, "code": code})
            expect(verified.status_code == 200, f"verify: {verified.status_code} {verified.text[:200]}")
            expect(amr(verified.json()["access_token"]) == ["pwd", "otp"], "the tokens do not say amr [pwd, otp]")
            second = mfa_token(server, "alice")
            replay = request(server, "POST", "/auth/mfa/verify", {"mfa_token": second, "code": code})
            expect(replay.status_code == 401, f"a replayed code: {replay.status_code}, not 401")
            say("login: 401 with an mfa_token for the password, tokens with amr [pwd, otp] for the code, a replay refused")

            with_recovery = request(server, "POST", "/auth/mfa/verify", {"mfa_token": second, "recovery_code": recovery[0]})
            expect(with_recovery.status_code == 200, f"a recovery code: {with_recovery.status_code} {with_recovery.text[:200]}")
            again = request(server, "POST", "/auth/mfa/verify", {"mfa_token": mfa_token(server, "alice"), "recovery_code": recovery[0]})
            expect(again.status_code == 401, f"a spent recovery code: {again.status_code}, not 401")
            say("recovery: a code logs in once")

            access = with_recovery.json()["access_token"]
            off_code = codes.next()
            off = request(server, "DELETE", "/auth/mfa/totp", {"password": PASSWORD, "code": off_code}, token=access)
            expect(off.status_code == 200, f"turning TOTP off: {off.status_code} {off.text[:200]}")
            plain = common.login(server.base, "alice")
            expect(plain.status_code == 200, f"the password after turning TOTP off: {plain.status_code} {plain.text[:200]}")
            expect(amr(plain.json()["access_token"]) == ["pwd"], "a password login's tokens do not say amr [pwd]")
            say("off: the password alone logs in again, amr [pwd]")

            secrets_seen += [secret, confirm_code + '"', code + '"', off_code + '"', token, second, *recovery]
            log = server.output()
            expect(not any(value in log for value in secrets_seen), "a secret, code, recovery code or mfa_token is in the log")
            return "enrolment → code login → replay refused → recovery code once → off, pyotp and oathtool agreeing"
