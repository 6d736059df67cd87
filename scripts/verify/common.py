"""What every check shares: databases, server processes, HTTP helpers.

Every server runs the built binary on a free loopback port with its own SECRET_KEY, on a temporary SQLite file or
on a fresh schema of the PostgreSQL database named by TEST_DATABASE_URL. Every process started here is stopped by
its PID, also when a check fails.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

API = "/api"
PASSWORD = "Sunny#Garden42"


class CheckFailed(Exception):
    """A check found the server misbehaving; the message says what and with which figures."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def say(message):
    print(f"  {message}", flush=True)


# Databases


@dataclass
class Database:
    """Where a server keeps its data: a SQLite file or a PostgreSQL schema made for this run."""

    kind: str  # "sqlite" or "postgres"
    url: str
    sqlite_path: str = ""
    postgres_url: str = ""
    schema: str = ""

    def sql(self, statement):
        """Runs one SQL statement directly on the database (not through the server); returns its rows as text."""
        if self.kind == "sqlite":
            import sqlite3

            with contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=30)) as connection:
                rows = connection.execute(statement).fetchall()
                connection.commit()
                return rows
        output = psql(self.postgres_url, f'SET search_path TO "{self.schema}"; {statement}')
        return [tuple(line.split("|")) for line in output.splitlines() if line]


def psql(url, statement):
    result = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", statement],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise CheckFailed(f"psql failed: {result.stderr.strip()}")
    return result.stdout


def postgres_url():
    return os.environ.get("TEST_DATABASE_URL", "").strip()


def databases():
    """The databases every check runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""
    kinds = ["sqlite"]
    if postgres_url():
        kinds.append("postgres")
    return kinds


@contextlib.contextmanager
def database(kind, workdir):
    """A fresh database: a new SQLite file, or a new schema dropped at the end."""
    if kind == "sqlite":
        path = os.path.join(workdir, f"db-{uuid.uuid4().hex[:8]}.sqlite")
        yield Database(kind="sqlite", url=f"sqlite://{path}", sqlite_path=path)
        return
    base = postgres_url()
    if not base:
        raise CheckFailed("TEST_DATABASE_URL is not set")
    schema = f"verify_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(base)
    query = f"{parts.query}&schema={schema}" if parts.query else f"schema={schema}"
    plain = parts._replace(query="").geturl()
    try:
        yield Database(kind="postgres", url=parts._replace(query=query).geturl(), postgres_url=plain, schema=schema)
    finally:
        with contextlib.suppress(Exception):
            psql(plain, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# Server processes


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    binary: str
    db: Database
    workdir: str
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    settings: dict = field(default_factory=dict)
    name: str = "server"
    port: int = 0
    process: subprocess.Popen = None
    log_path: str = ""

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def environment(self):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.workdir,
            "ENVIRONMENT": "testing",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "DATABASE_URL": self.db.url,
            "SECRET_KEY": self.secret_key,
            "BCRYPT_COST": "4",
            "RATE_LIMITS_ENABLED": "false",
            "LOCKOUT_AFTER": "0",
            "LOG_LEVEL": "info",
            "REGISTRATION": "open",
        }
        env.update(self.settings)
        return env

    def run_command(self, *arguments, env=None, timeout=120):
        """Runs `blog-api <arguments>` to completion (migrate, create-superuser)."""
        environment = {**self.environment(), **(env or {})}
        return subprocess.run(
            [self.binary, *arguments], env=environment, cwd=self.workdir, capture_output=True, text=True, timeout=timeout
        )

    def start(self, timeout=60, port=None):
        """Starts the server on `port`, or on a free one."""
        self.port = port or free_port()
        self.log_path = os.path.join(self.workdir, f"{self.name}-{self.port}.log")
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve"], env=self.environment(), cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CheckFailed(f"{self.name} exited with status {self.process.returncode} at start:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        raise CheckFailed(f"{self.name} was not ready within {timeout}s:\n{self.log_tail()}")

    def kill(self):
        """SIGKILL, as a crash would."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self):
        if not self.process or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self):
        if not self.log_path or not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", errors="replace")

    def log_tail(self, lines=30):
        return "\n".join(self.output().splitlines()[-lines:])


@contextlib.contextmanager
def running(binary, db, workdir, **kwargs):
    server = Server(binary=binary, db=db, workdir=workdir, **kwargs)
    try:
        yield server.start()
    finally:
        server.stop()


@contextlib.contextmanager
def workspace():
    with tempfile.TemporaryDirectory(prefix="authgen-verify-") as workdir:
        yield workdir


# HTTP


def register(base, username, password=PASSWORD, email=None, session=None):
    http = session or requests
    return http.post(
        f"{base}{API}/auth/register",
        json={"email": email or f"{username}@example.com", "username": username, "password": password, "full_name": username},
        timeout=60,
    )


def login(base, username, password=PASSWORD, session=None, headers=None):
    http = session or requests
    return http.post(
        f"{base}{API}/auth/token", data={"username": username, "password": password}, headers=headers or {}, timeout=60
    )


def refresh(base, refresh_token, session=None):
    http = session or requests
    return http.post(f"{base}{API}/auth/refresh", json={"refresh_token": refresh_token}, timeout=60)


def me(base, access_token, session=None):
    http = session or requests
    return http.get(f"{base}{API}/auth/me", headers={"Authorization": f"Bearer {access_token}"}, timeout=60)


def logout(base, access_token, session=None):
    http = session or requests
    return http.post(f"{base}{API}/auth/logout", headers={"Authorization": f"Bearer {access_token}"}, timeout=60)


def change_password(base, access_token, current, new, session=None):
    http = session or requests
    return http.post(
        f"{base}{API}/auth/password",
        json={"current_password": current, "new_password": new},
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=60,
    )


def tokens_for(base, username, password=PASSWORD):
    """Registers and logs in; returns the token response."""
    created = register(base, username, password)
    expect(created.status_code == 201, f"registering {username}: {created.status_code} {created.text[:200]}")
    answer = login(base, username, password)
    expect(answer.status_code == 200, f"logging in {username}: {answer.status_code} {answer.text[:200]}")
    return answer.json()

