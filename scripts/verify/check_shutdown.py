"""Graceful shutdown of one server process on a real socket: on SIGTERM a request in flight still completes with
200, the listening socket stops accepting, an idle keep-alive connection is closed, and the process exits 0; a
request that never completes is cancelled after SHUTDOWN_GRACE_SECONDS and the process still exits."""

import contextlib
import os
import signal
import socket
import subprocess
import time

import common
from common import expect

GRACE_SECONDS = 4


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        server = common.Server(binary=binary, db=db, workdir=workdir, settings={"SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS)})
        try:
            server.start()
            first = drain(server)
            server.start()
            second = bounded(server)
        finally:
            server.stop()
    return f"{first}; {second}"


def connect(port):
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.settimeout(10)
    return connection


def read_response(connection):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.1 ") else 0
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, head.decode("latin-1")


def closed_by_peer(connection, within):
    """True when the peer closes the connection within `within` seconds without sending anything."""
    connection.settimeout(within)
    with contextlib.suppress(ConnectionResetError):
        try:
            return connection.recv(1) == b""
        except socket.timeout:
            return False
    return True


def login_head(body):
    return (
        f"POST {common.API}/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()


def drain(server):
    """A login whose body arrives after SIGTERM completes; new connections are refused; idle ones are closed."""
    created = common.register(server.base, "drainer")
    expect(created.status_code == 201, f"register: {created.status_code}")
    body = f"username=drainer&password={common.PASSWORD}".encode()
    idle = connect(server.port)
    idle.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    expect(read_response(idle)[0] == 200, "GET /health on a keep-alive connection")
    slow = connect(server.port)
    slow.sendall(login_head(body) + body[:10])
    time.sleep(0.3)
    os.kill(server.process.pid, signal.SIGTERM)
    signalled = time.monotonic()
    expect(closed_by_peer(idle, 5.0), "after SIGTERM the idle keep-alive connection was not closed within 5 s")
    new_connection = "refused"
    try:
        probe = connect(server.port)
        probe.sendall(b"GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status, _ = read_response(probe)
        new_connection = f"/ready {status}" if status else "closed"
        expect(status in (0, 503), f"after SIGTERM a new connection's GET /ready answered {status}, expected 503 or no answer")
    except OSError:
        pass
    slow.sendall(body[10:])
    status, head = read_response(slow)
    expect(status == 200, f"the login in flight during SIGTERM answered {status}, expected 200")
    try:
        code = server.process.wait(timeout=GRACE_SECONDS + 5)
    except subprocess.TimeoutExpired:
        raise common.CheckFailed("the server did not exit after its last request finished") from None
    took = time.monotonic() - signalled
    expect(code == 0, f"exit status {code} after a graceful shutdown, expected 0:\n{server.log_tail()}")
    return f"SIGTERM: login in flight 200, new connection {new_connection}, idle keep-alive closed, exit 0 after {took:.1f} s"


def bounded(server):
    """A request whose body never arrives is cancelled after SHUTDOWN_GRACE_SECONDS; the process exits."""
    stuck = connect(server.port)
    stuck.sendall(login_head(b"x" * 64) + b"username=")
    time.sleep(0.3)
    os.kill(server.process.pid, signal.SIGTERM)
    signalled = time.monotonic()
    try:
        code = server.process.wait(timeout=GRACE_SECONDS + 8)
    except subprocess.TimeoutExpired:
        raise common.CheckFailed(
            f"with a request stuck in flight the server still ran {GRACE_SECONDS + 8} s after SIGTERM "
            f"(SHUTDOWN_GRACE_SECONDS={GRACE_SECONDS})"
        ) from None
    took = time.monotonic() - signalled
    expect(
        code == 0 and took < GRACE_SECONDS + 3,
        f"exit status {code} {took:.1f} s after SIGTERM (SHUTDOWN_GRACE_SECONDS={GRACE_SECONDS}), expected 0 within the grace:\n"
        f"{server.log_tail()}",
    )
    stuck.close()
    return f"stuck request: exit status {code} {took:.1f} s after SIGTERM (grace {GRACE_SECONDS} s)"
