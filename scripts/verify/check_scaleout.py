"""Three replicas of the server on one PostgreSQL database behind Debian's nginx, all on 127.0.0.1, under a bounded
client load: register → login → 5× /me → refresh → logout → /me, through nginx.

- rolling restart: each replica in turn gets SIGTERM and is started again while the load runs: no request may fail
  (no 5xx, no connection error);
- crash: one replica is SIGKILLed and started again: failures may only be requests on it, in flight at the kill or
  sent on nginx's keep-alive connections to it before nginx noticed they were closed (both counted), and afterwards
  every acknowledged registration of the whole run logs in;
- logout window: the moment a logout is answered, the same thread asks the other two replicas directly with the
  logged-out access token, each on a connection kept alive from before the logout, and asks again as soon as one
  answers 200, until both answer 401: p50/p99/max of the time from the logout's 200 to the sending of the first
  request refused, p99 at most WINDOW_TARGET_MS with the default session cache;
- strict: with SESSION_CACHE_SECONDS=0 no /me answers 200 after a logout, through nginx or directly.

nginx runs in the foreground with this check's own config, pid file and temp folders (no system service), and is
stopped by its PID like every server.
"""

import collections
import contextlib
import http.client
import os
import selectors
import shutil
import signal
import subprocess
import threading
import time
import uuid

import requests

import common
from common import API, PASSWORD, expect, say

REPLICAS = 3
CLIENTS = 8
ROLLING_SECONDS = 15
CRASH_SECONDS = 10
STRICT_SECONDS = 6
WINDOW_TARGET_MS = 50.0
POLL_DEADLINE_S = 2.0
SETTINGS = {"SHUTDOWN_GRACE_SECONDS": "5", "TRUSTED_PROXIES": "127.0.0.1"}


def databases():
    return ["postgres"] if common.postgres_url() else ["none"]


def run(binary, kind):
    if kind != "postgres":
        return "skipped: TEST_DATABASE_URL is not set, and replicas need one PostgreSQL database (CI sets it)"
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    expect(os.access(nginx, os.X_OK), "nginx is missing: install Debian's nginx (.ci/run does)")
    with common.workspace() as workdir, common.database("postgres", workdir) as db:
        cluster = Cluster(binary, db, workdir, nginx)
        try:
            cluster.start(SETTINGS)
            stats = Stats()
            rolling = cluster.load(stats, "rolling", ROLLING_SECONDS, cluster.rolling_restart)
            crash = cluster.load(stats, "crash", CRASH_SECONDS, cluster.crash_one)
            lost = cluster.lost_registrations(stats)
            cluster.restart_all({**SETTINGS, "SESSION_CACHE_SECONDS": "0"})
            strict = Stats()
            cluster.load(strict, "strict", STRICT_SECONDS, None)
        finally:
            cluster.stop()
    if any(failure[0] == "rolling" for failure in stats.failures):
        for at, what in cluster.events:
            say(f"  event at {at:.3f}: {what}")
        say(f"  nginx error log: {cluster.nginx_errors}")
    return report(stats, strict, lost, cluster.kill_times)


class Stats:
    """Every request's outcome, the acknowledged registrations and the logout window samples, shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()  # (phase, route, status)
        self.failures = []  # (phase, route, status, started, ended, upstream)
        self.registered = []
        self.windows_ms = []
        self.stale_sent_ms = []  # per logout and replica: when the last request that still got 200 was sent
        self.unreached = 0  # window samples lost because the replica asked was down
        self.stale_after_logout = 0  # /me through nginx right after a logout that answered 200

    def record(self, phase, route, status, started, ended, upstream=""):
        with self.lock:
            self.counts[(phase, route, status)] += 1
            if status == "error" or (isinstance(status, int) and status >= 500):
                self.failures.append((phase, route, status, started, ended, upstream))


class Cluster:
    def __init__(self, binary, db, workdir, nginx):
        self.binary, self.db, self.workdir, self.nginx_binary = binary, db, workdir, nginx
        self.servers = []
        self.nginx = None
        self.port = 0
        self.secret = uuid.uuid4().hex * 2
        self.kill_times = []
        self.events = []
        self.nginx_errors = ""  # (time, what) of the restarts, printed with any failure of the rolling restart

    def start(self, settings):
        ports = []
        for index in range(REPLICAS):
            server = common.Server(
                binary=self.binary, db=self.db, workdir=self.workdir, name=f"replica-{index + 1}",
                settings=dict(settings), secret_key=self.secret,
            )
            server.start()
            self.servers.append(server)
            ports.append(server.port)
        self.start_nginx(ports)

    def start_nginx(self, ports):
        folder = os.path.join(self.workdir, "nginx")
        os.makedirs(folder, exist_ok=True)
        self.port = common.free_port()
        upstreams = "".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;\n" for port in ports)
        temp = "".join(f"    {name}_temp_path {folder}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        config = f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
{temp}    client_max_body_size 1048576;
    upstream app {{
{upstreams}        keepalive 32;
        keepalive_timeout 1s;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout non_idempotent;
            proxy_next_upstream_tries {REPLICAS};
            proxy_connect_timeout 2s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
        path = os.path.join(folder, "nginx.conf")
        with open(path, "w") as file:
            file.write(config)
        log = open(os.path.join(folder, "stderr.log"), "ab")
        self.nginx = subprocess.Popen(
            [self.nginx_binary, "-p", folder, "-c", path, "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            expect(self.nginx.poll() is None, f"nginx exited with {self.nginx.returncode}: {self.nginx_log()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/ready", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise common.CheckFailed(f"nginx did not answer within 15 s: {self.nginx_log()}")

    def nginx_log(self):
        with contextlib.suppress(OSError), open(os.path.join(self.workdir, "nginx", "error.log")) as file:
            return file.read()[-800:]
        return ""

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.nginx_errors = self.nginx_log()
        if self.nginx and self.nginx.poll() is None:
            os.kill(self.nginx.pid, signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.nginx.pid, signal.SIGKILL)
                self.nginx.wait(timeout=10)
        for server in self.servers:
            server.stop()

    def restart(self, server, settings=None):
        port = server.port
        if settings is not None:
            server.settings = dict(settings)
        server.start(port=port)

    def rolling_restart(self, stop_event):
        """SIGTERM to each replica in turn; it must exit 0 by itself; then it starts again on its port."""
        time.sleep(2)
        for server in self.servers:
            if stop_event.is_set():
                break
            self.events.append((time.monotonic(), f"SIGTERM {server.name} :{server.port}"))
            os.kill(server.process.pid, signal.SIGTERM)
            try:
                code = server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                raise common.CheckFailed(f"{server.name} still ran 15 s after SIGTERM") from None
            expect(code == 0, f"{server.name} exited with {code} after SIGTERM:\n{crash_lines(server.output())}")
            self.events.append((time.monotonic(), f"exited {server.name}"))
            self.restart(server)
            self.events.append((time.monotonic(), f"ready {server.name}"))
            time.sleep(1.5)

    def crash_one(self, stop_event):
        time.sleep(3)
        victim = self.servers[1]
        killed_at = time.monotonic()
        os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(timeout=30)
        self.restart(victim)
        self.kill_times.append((killed_at, time.monotonic(), victim.port))

    def restart_all(self, settings):
        for server in self.servers:
            server.stop()
            self.restart(server, settings)

    def load(self, stats, phase, seconds, disturbance):
        """CLIENTS threads run the flow through nginx for `seconds` while `disturbance` runs; returns its error."""
        stop_event = threading.Event()
        deadline = time.monotonic() + seconds
        clients = [threading.Thread(target=self.client, args=(stats, phase, number, deadline)) for number in range(CLIENTS)]
        for client in clients:
            client.start()
        problem = None
        try:
            if disturbance:
                disturbance(stop_event)
        except common.CheckFailed as failure:
            problem = str(failure)
        finally:
            stop_event.set()
            for client in clients:
                client.join(timeout=seconds + 60)
        expect(problem is None, f"{phase}: {problem}")
        return phase

    def client(self, stats, phase, number, deadline):
        session = requests.Session()
        # A kept-alive connection to each replica for the requests sent to it directly around each logout: a poll of
        # the logout window then costs one request, not a TCP handshake as well.
        direct = {server.port: http.client.HTTPConnection("127.0.0.1", server.port, timeout=10) for server in self.servers}
        loops = 0
        while time.monotonic() < deadline and loops < 10_000:
            loops += 1
            username = f"{phase[:2]}{number}x{loops}{uuid.uuid4().hex[:6]}"
            with contextlib.suppress(StepFailed):
                self.flow(session, direct, stats, phase, username)

    def call(self, session, stats, phase, route, method, path, **kwargs):
        started = time.monotonic()
        try:
            answer = session.request(method, f"{self.base}{path}", timeout=30, **kwargs)
        except requests.RequestException:
            stats.record(phase, route, "error", started, time.monotonic())
            raise StepFailed() from None
        stats.record(phase, route, answer.status_code, started, time.monotonic(), answer.headers.get("X-Upstream", ""))
        return answer

    def flow(self, session, direct, stats, phase, username):
        created = self.call(
            session, stats, phase, "register", "POST", f"{API}/auth/register",
            json={"email": f"{username}@example.com", "username": username, "password": PASSWORD, "full_name": username},
        )
        if created.status_code != 201:
            raise StepFailed()
        with stats.lock:
            stats.registered.append(username)
        tokens = self.call(
            session, stats, phase, "login", "POST", f"{API}/auth/token", data={"username": username, "password": PASSWORD}
        )
        if tokens.status_code != 200:
            raise StepFailed()
        access = tokens.json()["access_token"]
        for _ in range(5):
            self.call(session, stats, phase, "me", "GET", f"{API}/auth/me", headers=bearer(access))
        refreshed = self.call(
            session, stats, phase, "refresh", "POST", f"{API}/auth/refresh", json={"refresh_token": tokens.json()["refresh_token"]}
        )
        if refreshed.status_code != 200:
            raise StepFailed()
        access = refreshed.json()["access_token"]
        # Both other replicas have the session in their cache before the logout, so that the window is real.
        for server in self.servers:
            if send_me(direct[server.port], access) is not None:
                read_status(direct[server.port])
        out = self.call(session, stats, phase, "logout", "POST", f"{API}/auth/logout", headers=bearer(access))
        logged_out = time.monotonic()
        if out.status_code != 200:
            raise StepFailed()
        # A /me through nginx at once (it may reach another replica), while the other replicas are asked directly.
        after = threading.Thread(target=self.me_after_logout, args=(stats, phase, access))
        self.measure_window(stats, direct, access, out.headers.get("X-Upstream", ""), logged_out, after)
        after.join(timeout=60)

    def me_after_logout(self, stats, phase, access):
        with contextlib.suppress(StepFailed):
            answer = self.call(requests, stats, phase, "me after logout", "GET", f"{API}/auth/me", headers=bearer(access))
            if answer.status_code == 200:
                with stats.lock:
                    stats.stale_after_logout += 1

    def measure_window(self, stats, direct, access, upstream, logged_out, after):
        """Asks each replica that did not serve the logout, on its kept-alive connection, until it answers 401. A sample
        is the time from the logout's 200 to the sending of the first request that got 401: any request sent later is
        refused. The first requests are sent from this thread the moment the logout is answered, before any other
        thread starts, and each next one as soon as its replica answered 200: the samples hold the server's delay, not
        a hand-over between the check's threads."""
        others = [server for server in self.servers if f":{server.port}" not in upstream]
        waiting = selectors.DefaultSelector()
        last_200 = {}

        def ask(server):
            connection = direct[server.port]
            sent = send_me(connection, access)
            if sent is None:
                with stats.lock:
                    stats.unreached += 1
                return
            last_200.setdefault(server.port, 0.0)
            waiting.register(connection.sock, selectors.EVENT_READ, (server, sent))

        for server in others:
            ask(server)
        after.start()
        while waiting.get_map() and time.monotonic() - logged_out < POLL_DEADLINE_S:
            for key, _ in waiting.select(timeout=POLL_DEADLINE_S):
                server, sent = key.data
                waiting.unregister(key.fileobj)
                status = read_status(direct[server.port])
                if status is None:
                    with stats.lock:
                        stats.unreached += 1
                elif status == 401:
                    with stats.lock:
                        stats.windows_ms.append(max(0.0, sent - logged_out) * 1000)
                        stats.stale_sent_ms.append(last_200[server.port])
                else:
                    if status == 200:
                        last_200[server.port] = max(0.0, sent - logged_out) * 1000
                        with stats.lock:
                            stats.counts[("direct", "me after logout", 200)] += 1
                    ask(server)
        for key in list(waiting.get_map().values()):
            server, _ = key.data
            waiting.unregister(key.fileobj)
            direct[server.port].close()
            with stats.lock:
                stats.windows_ms.append(POLL_DEADLINE_S * 1000)
                stats.stale_sent_ms.append(last_200[server.port])
        waiting.close()

    def lost_registrations(self, stats):
        """Every acknowledged registration logs in, asked directly on the replicas in turn."""
        lost = []
        lock = threading.Lock()
        names = list(stats.registered)

        def check(part):
            session = requests.Session()
            for index, username in enumerate(part):
                server = self.servers[index % REPLICAS]
                answer = session.post(
                    f"{server.base}{API}/auth/token", data={"username": username, "password": PASSWORD}, timeout=30
                )
                if answer.status_code != 200:
                    with lock:
                        lost.append((username, answer.status_code))

        workers = [threading.Thread(target=check, args=(names[start::8],)) for start in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
        return len(names), lost


class StepFailed(Exception):
    pass


def crash_lines(output):
    """The log lines that say why a process died, without the register dump of a backtrace."""
    lines = output.splitlines()
    start = next((index for index, line in enumerate(lines) if "Fatal error" in line or "Assertion failed" in line
                  or "Program crashed" in line or "Error:" in line), max(0, len(lines) - 30))
    return "\n".join(lines[max(0, start - 15):start + 40])


def send_me(connection, access):
    """Sends `GET /auth/me` with `access` on a kept-alive connection, opening it again if it was closed; the time it
    was sent, or None when the replica cannot be reached."""
    for attempt in range(2):
        try:
            if connection.sock is None:
                connection.connect()
            connection.putrequest("GET", f"{API}/auth/me", skip_accept_encoding=True)
            connection.putheader("Authorization", f"Bearer {access}")
            sent = time.monotonic()
            connection.endheaders()
            return sent
        except (OSError, http.client.HTTPException):
            connection.close()
    return None


def read_status(connection):
    """The status of the answer to the request sent last on `connection`, its body read; None on a broken connection."""
    try:
        answer = connection.getresponse()
        answer.read()
        if answer.will_close:
            connection.close()
        return answer.status
    except (OSError, http.client.HTTPException):
        connection.close()
        return None


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(stats, strict, lost, kill_times):
    acknowledged, lost_list = lost
    print("  requests through nginx (phase, route: status × count):", flush=True)
    for phase, source in (("rolling", stats), ("crash", stats), ("strict", strict)):
        routes = collections.defaultdict(list)
        for (row_phase, route, status), count in sorted(source.counts.items(), key=lambda item: str(item[0])):
            if row_phase == phase:
                routes[route].append(f"{status}×{count}")
        for route in ("register", "login", "me", "refresh", "logout", "me after logout"):
            if routes.get(route):
                say(f"  {phase:8} {route:16} {' '.join(routes[route])}")
    rolling_failures = [failure for failure in stats.failures if failure[0] == "rolling"]
    crash_failures = [failure for failure in stats.failures if failure[0] == "crash"]
    # A failure of the crash phase is the kill's when nginx says it came from the killed replica, and the request was
    # in flight at the kill, or was sent on one of nginx's keep-alive connections to the dead process before nginx
    # had noticed it was closed (between the kill and the restart).
    def on_killed(failure, in_flight):
        for killed_at, back_at, port in kill_times:
            if f":{port}" in failure[5]:
                if in_flight and failure[3] <= killed_at <= failure[4]:
                    return True
                if not in_flight and killed_at <= failure[3] <= back_at:
                    return True
        return False

    in_flight = [failure for failure in crash_failures if on_killed(failure, True)]
    stale = [failure for failure in crash_failures if not on_killed(failure, True) and on_killed(failure, False)]
    unexplained = [failure for failure in crash_failures if failure not in in_flight and failure not in stale]
    windows = stats.windows_ms
    p50, p99, worst = percentile(windows, 0.5), percentile(windows, 0.99), max(windows) if windows else float("nan")
    strict_stale = strict.stale_after_logout + strict.counts[("direct", "me after logout", 200)]
    say(f"  acknowledged registrations {acknowledged}, lost {len(lost_list)}")
    say(f"  rolling restart: {len(rolling_failures)} failed requests")
    say(f"  crash: {len(crash_failures)} failed requests, all on the killed replica: {len(in_flight)} in flight at the kill, "
        f"{len(stale)} sent on nginx's stale keep-alive connections to it before it was back "
        f"({dict(collections.Counter(f'{f[1]} {f[2]}' for f in crash_failures))})")
    served = stats.stale_sent_ms
    say(f"  logout window (default cache, {len(windows)} samples, {stats.unreached} replicas down when asked), from the "
        f"logout's 200 to the sending of the first request answered 401: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max "
        f"{worst:.1f} ms (target p99 ≤ {WINDOW_TARGET_MS:.0f} ms); latest request still answered 200 was sent at: "
        f"p50 {percentile(served, 0.5):.1f} ms, p99 {percentile(served, 0.99):.1f} ms, max {max(served) if served else 0:.1f} ms; "
        f"/me through nginx right after logout answered 200 {stats.stale_after_logout} times")
    say(f"  strict (SESSION_CACHE_SECONDS=0): /me after logout answered 200 {strict_stale} times "
        f"in {sum(c for (ph, r, s), c in strict.counts.items() if r == 'logout' and s == 200)} logouts")
    problems = []
    if lost_list:
        problems.append(f"{len(lost_list)} acknowledged registrations do not log in: {lost_list[:5]}")
    if unexplained:
        problems.append(f"{len(unexplained)} failures of the crash phase were not in flight on the killed replica: {unexplained[:5]}")
    if rolling_failures:
        problems.append(f"{len(rolling_failures)} requests failed during the rolling restart: {rolling_failures[:5]}")
    if not windows or p99 > WINDOW_TARGET_MS:
        problems.append(f"logout window p99 {p99:.1f} ms over {WINDOW_TARGET_MS:.0f} ms")
    if strict_stale:
        problems.append(f"with SESSION_CACHE_SECONDS=0, /me answered 200 after a logout {strict_stale} times")
    expect(not problems, "; ".join(problems))
    return (f"{acknowledged} registrations, 0 lost; rolling restart 0 failed; crash {len(in_flight)} failed in flight, "
            f"{len(stale)} on stale connections; "
            f"logout window p50 {p50:.1f} / p99 {p99:.1f} / max {worst:.1f} ms; strict: 0 × 200 after logout")
