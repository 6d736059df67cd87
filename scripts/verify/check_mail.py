"""Mail: the blog server's mails reach a real SMTP server (aiosmtpd on loopback, STARTTLS and AUTH required, see
smtp_server.py), and a down SMTP server never holds up a request.

1. Delivered: a password reset (POST /auth/password-reset) brings a mail over TLS from the authenticated client,
   with From (the spec's email.from), To, a parseable Date, a Message-ID, a text part holding the front end's link
   with its token, and the envelope's sender and recipient.
2. Down, three ways: nothing listening (connection refused), a server that answers 451 to every recipient, one that
   answers 550. Each time the request is answered 202 before the mail is given up (the server's log has no
   "Mail dropped" yet when the answer arrives); then the log shows each retry and one "Mail dropped" line: after
   EMAIL_DELIVERY_ATTEMPTS attempts for refused connections and 451s (the SMTP server saw every attempt), after one
   for the 550. No log line holds the recipient's address, the link or a token.

3. ENVIRONMENT=production with the smtp transport and no EMAIL_SMTP_URL: the server exits at once with that reason.

Needs the password-reset feature (the spec's email block). EMAIL_RETRY_SECONDS=1 keeps the retries short.
"""

import re
import time
from urllib.parse import urlsplit

import common
import requests
import smtp_server
from common import expect

ATTEMPTS = 3
# The spec's email.from (Examples/blog.yaml).
SENDER_ADDRESS = "no-reply@example.com"


def databases():
    return common.databases()


def register(server, mail, username, address):
    """Registers a user; when the server verifies addresses, waits for that mail, so that only the reset's follows."""
    answer = common.register(server.base, username, email=address)
    expect(answer.status_code == 201, f"registration: {answer.status_code} {answer.text[:200]}")
    if "email_verified" in answer.json():
        mail.wait_for(lambda m: m.to == address)


def expect_reset_route(server):
    paths = requests.get(f"{server.base}/openapi.json", timeout=60).json().get("paths", {})
    expect(
        f"{common.API}/auth/password-reset" in paths,
        "the blog server has no POST /auth/password-reset: its spec needs an email block (the password-reset feature)",
    )


def request_reset(server, address):
    """POST /auth/password-reset; returns whether the log already said the mail was dropped when the answer came."""
    answer = requests.post(f"{server.base}{common.API}/auth/password-reset", json={"email": address}, timeout=60)
    dropped_already = "Mail dropped" in server.output()
    expect(answer.status_code == 202, f"password reset for a known address: {answer.status_code} {answer.text[:200]}")
    return dropped_already


def wait_for_log(server, pattern, timeout=60):
    """The first log line matching `pattern`, waiting for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in server.output().splitlines():
            if re.search(pattern, line):
                return line
        if server.process.poll() is not None:
            break
        time.sleep(0.1)
    raise common.CheckFailed(f"no log line matching {pattern!r} within {timeout}s:\n{server.log_tail()}")


def expect_private_logs(server, secrets):
    for line in server.output().splitlines():
        for name, value in secrets.items():
            expect(value not in line, f"the server's log holds the {name}: {line[:200]}")


def delivered(binary, kind, workdir):
    with common.database(kind, workdir) as db, smtp_server.MailServer(workdir) as mail:
        server = common.Server(binary=binary, db=db, workdir=workdir, name="mail", settings=mail.server_settings())
        try:
            server.start()
            expect_reset_route(server)
            address = "mail-reader@example.org"
            register(server, mail, "mailreader", address)
            request_reset(server, address)
            received = mail.wait_for(lambda m: m.to == address and m.link is not None and "reset" in m.link)
            message = received.message
            expect(received.tls, "the mail did not come over TLS")
            expect(received.authenticated_as == mail.username, "the mail came from a client that did not authenticate")
            expect(received.mail_from == SENDER_ADDRESS, f"envelope sender {received.mail_from!r}")
            expect(received.rcpt_tos == [address], f"envelope recipients {received.rcpt_tos!r}")
            expect(message["From"] is not None and SENDER_ADDRESS in str(message["From"]), f"From: {message['From']}")
            expect(str(message["To"]) == address, f"To: {message['To']}")
            expect(message["Date"] is not None and message["Date"].datetime is not None, f"Date: {message['Date']}")
            expect(re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(message["Message-ID"] or "")), f"Message-ID: {message['Message-ID']}")
            expect(received.text is not None, "no text/plain part")
            link = urlsplit(received.link)
            expect(f"{link.scheme}://{link.netloc}" == "http://localhost:3000", f"the link points at {link.netloc}")
            expect(received.token and len(received.token) >= 32, "the link carries no token")
            expect_private_logs(server, {"address": "mail-reader@", "token": received.token, "link": received.link})
            return f"delivered over STARTTLS+AUTH: From {message['From']}, Date, Message-ID, text part, link to {link.path}"
        finally:
            server.stop()


def given_up(binary, kind, workdir, case):
    """A reset while the SMTP server is down in one of three ways; returns a summary line."""
    with common.database(kind, workdir) as db, smtp_server.MailServer(workdir) as mail:
        settings = mail.server_settings(EMAIL_DELIVERY_ATTEMPTS=str(ATTEMPTS), EMAIL_RETRY_SECONDS="1")
        server = common.Server(binary=binary, db=db, workdir=workdir, name=f"mail-{case}", settings=settings)
        try:
            server.start()
            address = f"down-{case}@example.net"
            register(server, mail, f"down{case}", address)
            # Now the SMTP server goes down.
            if case == "refused":
                mail.stop()  # nothing listens on its port any more
            else:
                mail.rcpt_replies = ["451 4.3.0 Try again later" if case == "451" else "550 5.1.1 No such user"] * 100
            mail.rcpt_attempts = 0
            accepted = len(mail.received())
            dropped_already = request_reset(server, address)
            expect(not dropped_already, f"{case}: the request was answered only after the mail was given up")
            dropped = wait_for_log(server, r"Mail dropped")
            retries = [line for line in server.output().splitlines() if "Mail delivery failed; trying again" in line]
            expected_attempts = 1 if case == "550" else ATTEMPTS
            expect(f"mail.attempts={expected_attempts}" in dropped, f"{case}: dropped after the wrong number of attempts: {dropped}")
            expect(len(retries) == expected_attempts - 1, f"{case}: {len(retries)} retries logged, expected {expected_attempts - 1}")
            expect("mail.recipient_domain=example.net" in dropped, f"{case}: the drop does not name the domain: {dropped}")
            reason = {"refused": "connection failed", "451": "451 4.3.0", "550": "550 5.1.1"}[case]
            expect(reason in dropped, f"{case}: the drop does not give the reason {reason!r}: {dropped}")
            if case != "refused":
                expect(mail.rcpt_attempts == expected_attempts, f"{case}: the SMTP server saw {mail.rcpt_attempts} attempts")
            expect(len(mail.received()) == accepted, f"{case}: a mail was accepted")
            expect_private_logs(server, {"address": f"down-{case}@"})
            return f"{case}: 202 at once, dropped after {expected_attempts} attempt(s)"
        finally:
            server.stop()


def production_needs_smtp_url(binary, kind, workdir):
    """ENVIRONMENT=production with the smtp transport and no EMAIL_SMTP_URL: the server refuses to start."""
    with common.database(kind, workdir) as db:
        server = common.Server(binary=binary, db=db, workdir=workdir, name="mail-production")
        server.port = common.free_port()
        settings = {"ENVIRONMENT": "production", "EMAIL_TRANSPORT": "smtp", "EMAIL_SMTP_URL": "",
                    "EMAIL_PUBLIC_URL": "https://app.example.com"}
        try:
            result = server.run_command("serve", env=settings, timeout=60)
        except common.subprocess.TimeoutExpired:
            raise common.CheckFailed("production without EMAIL_SMTP_URL started serving")
        output = result.stdout + result.stderr
        expect(result.returncode != 0, "production without EMAIL_SMTP_URL exited with status 0")
        expect("EMAIL_SMTP_URL is not set; refusing to start in production" in output, f"unclear refusal: {output[-300:]}")
        return "production without EMAIL_SMTP_URL refuses to start"


def run(binary, kind):
    with common.workspace() as workdir:
        summaries = [delivered(binary, kind, workdir), production_needs_smtp_url(binary, kind, workdir)]
        for case in ("refused", "451", "550"):
            summaries.append(given_up(binary, kind, workdir, case))
        return "; ".join(summaries)
