"""A real SMTP server on loopback for the mail checks: aiosmtpd with STARTTLS and AUTH required.

    with smtp_server.MailServer(workdir) as mail:
        server = common.Server(..., settings=mail.server_settings())
        ...
        received = mail.wait_for(lambda m: m.to == "ada@example.com")
        received.message["Message-ID"], received.text, received.link, received.token

The certificate authority and the server's certificate (for `localhost`) are made with the `openssl` command for
each server, in the check's work folder; `server_settings()` gives the blog server EMAIL_SMTP_URL (user and
password of this server, `?tls=starttls`: loopback would otherwise mean plain text) and EMAIL_SMTP_CA_FILE.
`rcpt_replies` scripts failures: each RCPT takes the next reply of the list (e.g. "451 4.3.0 Try again later")
until it is empty, then the recipient is accepted. Every mail received is kept with its envelope and whether it came
over TLS from an authenticated client. A mail is accepted only then: the server refuses MAIL before STARTTLS and AUTH.
"""

import email
import email.policy
import os
import re
import secrets
import ssl
import subprocess
import threading
import logging
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from common import CheckFailed, free_port

# aiosmtpd logs each session (and a deprecation of its own AUTH code) on "mail.log": nothing about the server
# under test, and the sessions' lines would flood the check's output.
logging.getLogger("mail.log").setLevel(logging.ERROR)


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list
    raw: bytes
    tls: bool
    authenticated_as: str

    @property
    def message(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def to(self):
        return str(self.message["To"])

    @property
    def text(self):
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part else None

    @property
    def html(self):
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part else None

    @property
    def link(self):
        """The first http(s) link of the text part."""
        found = re.search(r"https?://\S+", self.text or "")
        return found.group(0) if found else None

    @property
    def token(self):
        found = re.search(r"[?#&]token=([^&#\s]+)", self.link or "")
        return found.group(1) if found else None


class _Handler:
    def __init__(self, owner):
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.owner._lock:
            self.owner.rcpt_attempts += 1
            reply = self.owner.rcpt_replies.pop(0) if self.owner.rcpt_replies else None
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        received = ReceivedMail(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            raw=envelope.original_content or envelope.content,
            tls=session.ssl is not None,
            authenticated_as=str(session.auth_data or "") if session.authenticated else "",
        )
        with self.owner._changed:
            self.owner.mails.append(received)
            self.owner._changed.notify_all()
        return "250 2.0.0 Message accepted"


class MailServer:
    """aiosmtpd on 127.0.0.1, STARTTLS and AUTH (PLAIN or LOGIN, over TLS only) required."""

    def __init__(self, workdir, username="mailer", password=None):
        self.workdir = workdir
        self.username = username
        self.password = password or secrets.token_urlsafe(12)
        self.port = free_port()
        self.mails = []
        self.rcpt_replies = []
        self.rcpt_attempts = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._controller = None
        self.ca_file, self._cert_file, self._key_file = self._make_certificates()

    def _make_certificates(self):
        folder = os.path.join(self.workdir, f"smtp-tls-{self.port}")
        os.makedirs(folder, exist_ok=True)
        ca_key, ca_cert = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.pem")
        key, csr, cert = (os.path.join(folder, name) for name in ("server.key", "server.csr", "server.pem"))
        extensions = os.path.join(folder, "server.ext")
        with open(extensions, "w") as file:
            file.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
        commands = [
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", ca_key, "-out", ca_cert, "-days", "2", "-subj", "/CN=authgen verify mail CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", key, "-out", csr, "-subj", "/CN=localhost"],
            ["openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
             "-out", cert, "-days", "2", "-extfile", extensions],
        ]
        for command in commands:
            result = subprocess.run(command, capture_output=True, text=True, timeout=60)
            if result.returncode != 0:
                raise CheckFailed(f"openssl failed making the SMTP server's certificate: {result.stderr.strip()}")
        return ca_cert, cert, key

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == self.password
        )
        return AuthResult(success=ok, auth_data=self.username if ok else None)

    @property
    def url(self):
        return f"smtp://{self.username}:{self.password}@localhost:{self.port}?tls=starttls"

    def server_settings(self, **extra):
        """The blog server's settings for this mail server."""
        settings = {
            "EMAIL_TRANSPORT": "smtp",
            "EMAIL_SMTP_URL": self.url,
            "EMAIL_SMTP_CA_FILE": self.ca_file,
            "EMAIL_PUBLIC_URL": "http://localhost:3000",
        }
        settings.update(extra)
        return settings

    def start(self):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self._cert_file, self._key_file)
        self._controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=self.port,
            tls_context=context,
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=self._authenticate,
        )
        self._controller.start()
        return self

    def stop(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def received(self):
        with self._lock:
            return list(self.mails)

    def wait_for(self, predicate=lambda mail: True, timeout=60):
        """The first mail received that matches, waiting for it up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for mail in self.mails:
                    if predicate(mail):
                        return mail
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CheckFailed(f"no matching mail within {timeout}s; {len(self.mails)} received")
                self._changed.wait(left)
