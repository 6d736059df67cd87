"""Mail flows: password reset, email verification and invitations followed over HTTP from the links in the mails a
real SMTP server received.

The blog server sends through SMTP to aiosmtpd on loopback (smtp_server.py: STARTTLS and AUTH required). With
EMAIL_VERIFICATION_REQUIRED=true: a new user's verification mail leads to a login that was refused before (403 "Email
not verified", and only with the right password); a password reset answers an unknown address exactly as a known
one, mails only the known one, and its link sets the password once and ends the older sessions; a superuser's
invitation mail leads to an account that logs in. Every mail came over TLS from the authenticated server, has From
(the spec's email.from), To, Date, Message-ID and a text part, links to EMAIL_PUBLIC_URL, and no token of a mail
appears in the server's log.
"""

from urllib.parse import parse_qs, urlsplit

import requests

import common
import smtp_server
from common import API, PASSWORD, expect, say

PUBLIC_URL = "https://front.example.test"
SENDER = "no-reply@example.com"
NEW_PASSWORD = "Rainy#Meadow77"
ADMIN_PASSWORD = "Admin#Garden42"


def databases():
    return common.databases()


def post(server, path, json, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{server.base}{API}{path}", json=json, headers=headers, timeout=60)


def opens(mail, page):
    return mail.link is not None and urlsplit(mail.link).path == page


def mail_to(smtp, recipient, page, after=0):
    """The first mail to `recipient` received after the first `after` ones whose link opens the front end's `page`."""
    earlier = smtp.received()[:after]
    mail = smtp.wait_for(lambda m: m.to == recipient and opens(m, page) and all(m is not e for e in earlier))
    message = mail.message
    expect(mail.tls and mail.authenticated_as, f"the mail to {recipient} came without TLS or AUTH")
    for name in ("From", "To", "Date", "Message-ID"):
        expect(message[name], f"the mail to {recipient} has no {name} header")
    expect(SENDER in str(message["From"]), f"From is {message['From']!r}, not the spec's email.from")
    expect(mail.text, f"the mail to {recipient} has no text part")
    link = urlsplit(mail.link)
    expect(f"{link.scheme}://{link.netloc}" == PUBLIC_URL, f"the link {mail.link[:60]}… does not open EMAIL_PUBLIC_URL")
    token = parse_qs(link.query).get("token", [""])[0]
    expect(len(token) >= 43, f"the link's token has {len(token)} characters, fewer than 32 random bytes take")
    return token


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db, smtp_server.MailServer(workdir) as smtp:
        settings = smtp.server_settings(EMAIL_PUBLIC_URL=PUBLIC_URL, EMAIL_VERIFICATION_REQUIRED="true")
        with common.running(binary, db, workdir, settings=settings) as server:
            tokens = verification(server, smtp)
            tokens += reset(server, smtp)
            tokens += invitation(server, smtp)
            log = server.output()
            expect(not any(token in log for token in tokens), "a token of a mail appears in the server's log")
            return f"{len(smtp.received())} mails over STARTTLS+AUTH; verification, reset and invitation followed from their links"


def verification(server, smtp):
    created = common.register(server.base, "alice")
    expect(created.status_code == 201, f"register: {created.status_code} {created.text[:200]}")
    token = mail_to(smtp, "alice@example.com", "/verify-email")
    wrong = common.login(server.base, "alice", "Wrong#Garden42")
    expect(wrong.status_code == 401, f"a wrong password of an unverified user: {wrong.status_code}, not 401")
    refused = common.login(server.base, "alice")
    expect(
        refused.status_code == 403 and refused.json().get("detail") == "Email not verified",
        f"login before verification: {refused.status_code} {refused.text[:200]}",
    )
    verified = post(server, "/auth/verify-email", {"token": token})
    expect(verified.status_code == 200, f"verify-email: {verified.status_code} {verified.text[:200]}")
    answer = common.login(server.base, "alice")
    expect(answer.status_code == 200, f"login after verification: {answer.status_code} {answer.text[:200]}")
    me = common.me(server.base, answer.json()["access_token"]).json()
    expect(me.get("email_verified") is True, f"/me after verification: {me}")
    say("verification: 403 before the link, 200 after, email_verified true")
    return [token]


def reset(server, smtp):
    older_session = common.login(server.base, "alice").json()
    before = len(smtp.received())
    unknown = post(server, "/auth/password-reset", {"email": "nobody@example.com"})
    known = post(server, "/auth/password-reset", {"email": "alice@example.com"})
    expect(unknown.status_code == known.status_code == 202, f"password-reset: {unknown.status_code}, {known.status_code}")
    expect(unknown.content == known.content, "password-reset answers an unknown address differently from a known one")
    token = mail_to(smtp, "alice@example.com", "/reset-password", after=before)
    recipients = [mail.to for mail in smtp.received()[before:]]
    expect(recipients == ["alice@example.com"], f"password-reset mailed {recipients}, not only the known address")
    confirmed = post(server, "/auth/password-reset/confirm", {"token": token, "new_password": NEW_PASSWORD})
    expect(confirmed.status_code == 200, f"password-reset/confirm: {confirmed.status_code} {confirmed.text[:200]}")
    again = post(server, "/auth/password-reset/confirm", {"token": token, "new_password": "Other#Meadow88"})
    expect(again.status_code == 400, f"a second use of the reset token: {again.status_code}, not 400")
    expect(common.login(server.base, "alice").status_code == 401, "the old password still logs in after the reset")
    expect(common.login(server.base, "alice", NEW_PASSWORD).status_code == 200, "the new password does not log in")
    expect(
        common.refresh(server.base, older_session["refresh_token"]).status_code == 401,
        "a session from before the reset still refreshes",
    )
    say("reset: the same 202 for an unknown address, one mail, the link works once, older sessions ended")
    return [token]


def invitation(server, smtp):
    made = server.run_command(
        "create-superuser", "--username", "admin", "--email", "admin@example.com", env={"SUPERUSER_PASSWORD": ADMIN_PASSWORD}
    )
    expect(made.returncode == 0, f"create-superuser: exit {made.returncode}: {made.stderr[-300:]}")
    admin = common.login(server.base, "admin", ADMIN_PASSWORD)
    expect(admin.status_code == 200, f"superuser login: {admin.status_code} {admin.text[:200]}")
    invited = post(server, "/users/invitations", {"email": "bob@example.com"}, token=admin.json()["access_token"])
    expect(invited.status_code == 201, f"invitation: {invited.status_code} {invited.text[:200]}")
    token = mail_to(smtp, "bob@example.com", "/accept-invitation")
    accepted = post(server, "/auth/invitations/accept", {"token": token, "username": "bob", "password": PASSWORD})
    expect(accepted.status_code == 201, f"accept: {accepted.status_code} {accepted.text[:200]}")
    expect(accepted.json().get("email") == "bob@example.com", f"the invited user: {accepted.json()}")
    expect(common.login(server.base, "bob").status_code == 200, "the invited user cannot log in")
    again = post(server, "/auth/invitations/accept", {"token": token, "username": "bob2", "password": PASSWORD})
    expect(again.status_code == 400, f"a second use of the invitation: {again.status_code}, not 400")
    say("invitation: the mailed link creates an account that logs in, once")
    return [token]
