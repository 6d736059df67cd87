#!/usr/bin/env python3
"""make bench: the generated blog server under wrk, and the generator's own timings, as ratios in one run.

Called by scripts/bench/run.sh once the generator and the release server are built. Python 3 standard library only.
Prints one table and writes the same figures as JSON to bench-results.json at the repository root.

Environment:
  BENCH_DURATION        seconds per wrk scenario (default 10)
  BENCH_CONNECTIONS     wrk connections for the /health, /me and posts scenarios (default 8)
  BENCH_LOGIN_CONNECTIONS  connections of the login scenarios (default 2 x cores: every bcrypt thread stays busy)
  BENCH_LOG_LEVEL       the server's LOG_LEVEL (default info, as deployed; the log goes to a file)
  BENCH_POSTGRES        0 skips PostgreSQL; otherwise it runs when TEST_DATABASE_URL is set or 127.0.0.1:5432 answers
  TEST_DATABASE_URL     postgres://… used for the PostgreSQL run (a fresh schema, dropped afterwards when psql exists)
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LUA = os.path.join(ROOT, "scripts", "bench", "request.lua")
SPEC = os.path.join(ROOT, "Examples", "blog.yaml")
DEFAULT_POSTGRES_URL = "postgres://authgen:authgen@127.0.0.1:5432/authgen_test"

UNCACHED_POSTGRES = "postgres0"
USERNAME = "bench_user"
PASSWORD = "Bench#Runner2026"  # a throwaway account on a throwaway database

TARGETS = {
    "me_over_health": ("/me req/s ÷ /health req/s", ">=", 0.60),
    "health_cpu_over_me_cpu": ("  same, as server CPU/req: /health ÷ /me", ">=", 0.60),
    "login_over_ceiling": ("login req/s ÷ bcrypt ceiling", ">=", 0.90),
    "storm_me_p99_ms": ("/me p99 during login storm (ms)", "<=", 20.0),
    "peak_memory_mb": ("peak memory, SQLite (MB, VmHWM)", "<=", 64.0),
    "non_2xx": ("non-2xx responses, all scenarios", "<=", 0),
    "noop_files_written": ("no-op regeneration: files written", "<=", 0),
    "noop_ms": ("no-op regeneration (ms)", "<", 100.0),
    "cold_generate_ms": ("full generation of the blog example (ms)", "<", 200.0),
}


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def env_int(name, default):
    text = os.environ.get(name, "")
    return int(text) if text.strip() else default


# ---------------------------------------------------------------------------------------------------------- server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def memory_kb(pid):
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
    return values


def cpu_seconds(pid):
    """User + system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, binary, database_url, work, bcrypt_cost, log_level, extra_environment=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, "server.log")
        environment = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ")}
        environment.update(
            {
                "ENVIRONMENT": "testing",  # no .env is read; HTTPS-only applies to production
                "DATABASE_URL": database_url,
                "SECRET_KEY": os.urandom(32).hex(),
                "JWT_ALGORITHM": "HS256",
                "BCRYPT_COST": str(bcrypt_cost),
                "REGISTRATION": "open",
                "RATE_LIMITS_ENABLED": "false",
                "LOCKOUT_AFTER": "0",
                "LOG_LEVEL": log_level,
            }
        )
        environment.update(extra_environment or {})
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [binary, "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
            cwd=work,
            env=environment,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}; see {self.log_path}")
            try:
                if http("GET", self.base + "/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not answer /health within 60 s; see {self.log_path}")

    def cpu(self):
        return cpu_seconds(self.process.pid)

    def memory(self):
        return memory_kb(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


# ------------------------------------------------------------------------------------------------------------- wrk


def wrk(url, duration, connections, method="GET", body=None, content_type=None, token=None, background=False):
    environment = dict(os.environ)
    environment.update(
        {
            "BENCH_METHOD": method,
            "BENCH_BODY": body or "",
            "BENCH_CONTENT_TYPE": content_type or "",
            "BENCH_TOKEN": token or "",
        }
    )
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", LUA, url]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process if background else wrk_result(process, duration)


def wrk_result(process, duration):
    try:
        output, _ = process.communicate(timeout=duration + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise RuntimeError("wrk did not finish in time")
    match = re.search(r"^BENCH_RESULT (\{.*\})$", output, re.MULTILINE)
    if process.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed (status {process.returncode}):\n{output}")
    raw = json.loads(match.group(1))
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 2) if seconds else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 3),
        "p90_ms": round(raw["p90_us"] / 1000, 3),
        "p99_ms": round(raw["p99_us"] / 1000, 3),
        "max_ms": round(raw["max_us"] / 1000, 3),
        # wrk counts answers with a status of 400 or more; the API answers no 3xx, so these are the non-2xx.
        "non_2xx": raw["status_errors"],
        "socket_errors": socket_errors,
    }


# -------------------------------------------------------------------------------------------------------- scenarios


def login_form():
    return urllib.parse.urlencode({"grant_type": "password", "username": USERNAME, "password": PASSWORD})


def login(server, prefix):
    status, body = http(
        "POST",
        server.base + prefix + "/auth/token",
        login_form().encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    if status != 200:
        raise RuntimeError(f"login answered {status}: {body[:200]!r}")
    return json.loads(body)["access_token"]


def prepare(server, prefix):
    """One user and ten posts, so the list scenario reads a real page."""
    body = json.dumps({"email": "bench@example.com", "username": USERNAME, "password": PASSWORD}).encode()
    status, answer = http("POST", server.base + prefix + "/auth/register", body, {"Content-Type": "application/json"})
    if status != 201:
        raise RuntimeError(f"registration answered {status}: {answer[:200]!r}")
    token = login(server, prefix)
    for number in range(10):
        post = json.dumps({"title": f"Post {number}", "content": "Seeded by make bench.", "published": True}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        status, answer = http("POST", server.base + prefix + "/posts", post, headers)
        if status != 201:
            raise RuntimeError(f"creating a post answered {status}: {answer[:200]!r}")
    return token


def measure_hash(server, prefix, samples=3):
    """One login on the idle server is one bcrypt verify at the spec's cost plus well under a millisecond of other
    work; the median of a few sequential logins is the hash time the ceiling uses."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        login(server, prefix)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def run_server_scenarios(label, server, prefix, settings, cores, authentication_only=False):
    duration = settings["duration"]
    connections = settings["connections"]
    login_connections = settings["login_connections"]
    token = prepare(server, prefix)
    base = server.base
    rows = []

    def row(name, run, cpu=True):
        """Runs the scenario (a function returning wrk's result) and records the server's state after it."""
        cpu_before = server.cpu()
        result = dict(run())
        if cpu and result["requests"]:
            result["server_cpu_us_per_request"] = round((server.cpu() - cpu_before) * 1e6 / result["requests"], 1)
        result["scenario"] = name
        result["database"] = label
        result["peak_memory_mb"] = round(server.memory()["VmHWM"] / 1024, 1)
        rows.append(result)
        log(f"{label} {name}: {result['rps']} req/s, p99 {result['p99_ms']} ms, non-2xx {result['non_2xx']}")
        return result

    form = login_form()
    form_type = "application/x-www-form-urlencoded"

    row("GET /health", lambda: wrk(base + "/health", duration, connections))
    row("GET /api/auth/me", lambda: wrk(base + prefix + "/auth/me", duration, connections, token=token))
    if authentication_only:
        return {
            "database": label,
            "scenarios": rows,
            "peak_memory_mb": round(server.memory()["VmHWM"] / 1024, 1),
            "ratios": authentication_ratios(rows),
        }
    # The hash is timed right before the login scenario, so both see the same machine (it may be shared).
    hash_seconds, samples = measure_hash(server, prefix)
    login_url = base + prefix + "/auth/token"
    row("POST /api/auth/token", lambda: wrk(login_url, duration, login_connections, "POST", form, form_type))

    # The storm runs a little longer than the /me measurement on both sides, so /me is measured under it throughout.
    storm = wrk(base + prefix + "/auth/token", duration + 3, login_connections, "POST", form, form_type, background=True)
    time.sleep(1.5)
    row("GET /api/auth/me during login storm", lambda: wrk(base + prefix + "/auth/me", duration, connections, token=token),
        cpu=False)
    row("  (the login storm itself)", lambda: wrk_result(storm, duration + 3), cpu=False)

    row("GET /api/posts", lambda: wrk(base + prefix + "/posts", duration, connections))
    post = json.dumps({"title": "Benchmark post", "content": "Written by wrk.", "published": True})
    row("POST /api/posts", lambda: wrk(base + prefix + "/posts", duration, connections, "POST", post, "application/json",
                                       token))

    ceiling = cores / hash_seconds
    by_name = {r["scenario"]: r for r in rows}
    ratios = authentication_ratios(rows)
    ratios["login_over_ceiling"] = round(by_name["POST /api/auth/token"]["rps"] / ceiling, 3)
    ratios["storm_me_p99_ms"] = by_name["GET /api/auth/me during login storm"]["p99_ms"]
    memory = server.memory()
    return {
        "database": label,
        "bcrypt": {
            "hash_ms": round(hash_seconds * 1000, 1),
            "samples_ms": [round(s * 1000, 1) for s in samples],
            "ceiling_rps": round(ceiling, 2),
        },
        "scenarios": rows,
        "peak_memory_mb": round(memory["VmHWM"] / 1024, 1),
        "ratios": ratios,
    }


def authentication_ratios(rows):
    by_name = {r["scenario"]: r for r in rows}
    health = by_name["GET /health"]["rps"]
    return {
        "me_over_health": round(by_name["GET /api/auth/me"]["rps"] / health, 3) if health else 0.0,
        # The same overhead seen as the server's CPU per request, which other processes on the machine disturb less.
        "health_cpu_over_me_cpu": round(
            by_name["GET /health"].get("server_cpu_us_per_request", 0)
            / (by_name["GET /api/auth/me"].get("server_cpu_us_per_request") or float("inf")),
            3,
        ),
        "non_2xx": sum(r["non_2xx"] + r["socket_errors"] for r in rows),
    }


def bench_database(label, binary, database_url, settings, cores, prefix, work, extra_environment=None,
                   authentication_only=False):
    folder = os.path.join(work, label)
    os.makedirs(folder, exist_ok=True)
    log(f"starting the server on {label}")
    server = Server(binary, database_url, folder, settings["bcrypt_cost"], settings["log_level"], extra_environment)
    try:
        return run_server_scenarios(label, server, prefix, settings, cores, authentication_only)
    finally:
        server.stop()


def postgres_url():
    if os.environ.get("BENCH_POSTGRES", "1") == "0":
        return None, "BENCH_POSTGRES=0"
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url:
        return url, None
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return None, "no TEST_DATABASE_URL and nothing answers on 127.0.0.1:5432"
    return DEFAULT_POSTGRES_URL, None


def with_schema(url, schema):
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "schema"] + [("schema", schema)]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def drop_schema(url, schema):
    if not shutil.which("psql"):
        log(f"psql is not installed: schema {schema} stays in the database")
        return
    parts = urllib.parse.urlsplit(url)
    plain = urllib.parse.urlunsplit(parts._replace(query=""))
    subprocess.run(
        ["psql", plain, "-X", "-q", "-c", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


# -------------------------------------------------------------------------------------------------------- generator


def timed(command, cwd=None):
    """Runs a command; returns it completed, its wall time and its CPU time (user + system), in seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - timed.children_cpu
    timed.children_cpu = usage.ru_utime + usage.ru_stime
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), elapsed, cpu


timed.children_cpu = 0.0


def files_written(completed):
    match = re.search(r"(\d+) file\(s\) written", completed.stderr + completed.stdout)
    return int(match.group(1)) if match else None


def generate(authgen, spec, output):
    completed, elapsed, cpu = timed([authgen, "generate", spec, "-o", output])
    if completed.returncode != 0:
        raise RuntimeError(f"authgen generate failed ({completed.returncode}):\n{completed.stderr}")
    return {"ms": round(elapsed * 1000, 1), "cpu_ms": round(cpu * 1000, 1), "files_written": files_written(completed)}


def fastest(runs):
    """The run with the least wall time: on a shared machine the others mostly measure waiting for a core."""
    best = min(runs, key=lambda run: run["ms"])
    return dict(best, runs_ms=[run["ms"] for run in runs])


def bench_generator(authgen, debug_build, work):
    results = {}
    repeat = max(1, env_int("BENCH_GENERATOR_REPEAT", 5))
    cold_runs, noop_runs = [], []
    for number in range(repeat):
        cold = os.path.join(work, f"cold-{number}", "blog-api")  # an empty folder each time
        cold_runs.append(generate(authgen, SPEC, cold))
        noop_runs.append(generate(authgen, SPEC, cold))
    results["cold_generate"] = fastest(cold_runs)
    results["noop_regenerate"] = fastest(noop_runs)
    # Every no-op run must write nothing, not only the fastest.
    results["noop_regenerate"]["files_written"] = max(run["files_written"] for run in noop_runs)
    log(f"generator: cold {results['cold_generate']['ms']} ms, no-op {results['noop_regenerate']['ms']} ms")

    # The one-field change and its incremental build run in a project kept between runs (inside the debug build
    # folder), so its dependencies and its own module are already compiled; each run first puts it back on the
    # example spec.
    project = os.path.join(debug_build, "bench-project", "blog-api")
    spec_text = open(SPEC).read()
    changed_text, count = re.subn(r"access_token_ttl: 30m", "access_token_ttl: 15m", spec_text)
    if count != 1:
        raise RuntimeError("Examples/blog.yaml no longer has 'access_token_ttl: 30m' for the one-field change")
    changed_spec = os.path.join(work, "blog-changed.yaml")
    with open(changed_spec, "w") as f:
        f.write(changed_text)
    generate(authgen, SPEC, project)
    build = [os.environ.get("SWIFT", "swift"), "build", "--scratch-path", debug_build]
    log("generator: building the kept project before the change (untimed; slow the first time only)")
    completed, _, _ = timed(build, cwd=project)
    if completed.returncode != 0:
        raise RuntimeError(f"swift build of {project} failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
    results["change_one_field"] = generate(authgen, changed_spec, project)
    results["change_one_field"]["change"] = "auth.jwt.access_token_ttl: 30m -> 15m"
    completed, elapsed, _ = timed(build, cwd=project)
    if completed.returncode != 0:
        raise RuntimeError(f"incremental swift build failed:\n{completed.stdout[-3000:]}{completed.stderr[-3000:]}")
    results["incremental_build"] = {"s": round(elapsed, 1), "configuration": "debug"}
    log(f"generator: change {results['change_one_field']['ms']} ms, incremental build {results['incremental_build']['s']} s")
    return results


# ------------------------------------------------------------------------------------------------------------ report


def verdict(key, value):
    _, op, target = TARGETS[key]
    ok = {">=": value >= target, "<=": value <= target, "<": value < target}[op]
    return "ok" if ok else "MISS"


def report(results):
    lines = []
    s = results["settings"]
    lines.append(
        f"make bench  {results['date']}  {results['cores']} cores  blog-api release build, bcrypt cost {s['bcrypt_cost']}, "
        f"{s['duration']} s per scenario, wrk -t1 -c{s['connections']} (login: -c{s['login_connections']}), loopback"
    )
    lines.append(
        "rate limits OFF for the bench (RATE_LIMITS_ENABLED=false); LOG_LEVEL=" + s["log_level"] + "; load average "
        + " -> ".join(f"{results[k][0]:.1f}" for k in ("load_average_at_start", "load_average_at_end") if k in results)
        + " (other processes share these cores)"
    )
    lines.append("")
    header = (f"{'database':<10} {'scenario':<38} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'non-2xx':>8} {'peak MB':>8} "
              f"{'cpu us/req':>10}")
    lines.append(header)
    lines.append("-" * len(header))
    for run in results["servers"]:
        for r in run["scenarios"]:
            errors = r["non_2xx"] + r["socket_errors"]
            lines.append(
                f"{run['database']:<10} {r['scenario']:<38} {r['rps']:>10.1f} {r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} "
                f"{errors:>8} {r['peak_memory_mb']:>8.1f} {r.get('server_cpu_us_per_request', ''):>10}"
            )
        b = run.get("bcrypt")
        if not b:
            continue
        lines.append(
            f"{run['database']:<10} bcrypt: one hash {b['hash_ms']} ms -> ceiling {results['cores']} cores / "
            f"{b['hash_ms'] / 1000:.3f} s = {b['ceiling_rps']} logins/s"
        )
    for run in results["servers"]:
        if run["database"] == UNCACHED_POSTGRES:
            lines.append(f"{UNCACHED_POSTGRES}: PostgreSQL again with SESSION_CACHE_SECONDS=0, not the default: every "
                         f"session check reads the database (/me ÷ /health {run['ratios']['me_over_health']:.3f}, "
                         "for comparison, not a target)")
    if results.get("sched_autogroup_enabled"):
        lines.append("kernel.sched_autogroup_enabled=1: PostgreSQL runs in another CPU group than the server, where the "
                     "bcrypt threads' nice +10 does not reach (README: Benchmarks)")
    for skipped in results.get("skipped", []):
        lines.append(f"skipped: {skipped}")
    g = results.get("generator")
    if g:
        lines.append("")
        lines.append(f"{'generator (release, best of ' + str(len(g['cold_generate']['runs_ms'])) + ')':<49} "
                     f"{'wall ms':>10} {'cpu ms':>9} {'files written':>14}")
        for key, name in (("cold_generate", "cold generate of the blog example"),
                          ("noop_regenerate", "no-op regeneration"),
                          ("change_one_field", "one-field change (" + g["change_one_field"]["change"] + ")")):
            lines.append(f"{name:<49} {g[key]['ms']:>10.1f} {g[key]['cpu_ms']:>9.1f} {g[key]['files_written']:>14}")
        lines.append(f"{'incremental swift build (debug) after the change':<49} {g['incremental_build']['s'] * 1000:>10.0f}")
    lines.append("")
    lines.append(f"{'ratio':<50} {'measured':>10} {'target':>10}  verdict")
    for item in results["ratios"]:
        lines.append(f"{item['name']:<50} {item['value']:>10} {item['op'] + ' ' + str(item['target']):>10}  {item['verdict']}")
    return "\n".join(lines)


def collect_ratios(results):
    out = []

    def add(key, value, label_suffix=""):
        name, op, target = TARGETS[key]
        out.append({"key": key, "name": name + label_suffix, "value": value, "op": op, "target": target,
                    "verdict": verdict(key, value)})

    for run in results["servers"]:
        suffix = f" [{run['database']}]"
        if run["database"] == UNCACHED_POSTGRES:
            add("non_2xx", run["ratios"]["non_2xx"], suffix)
            continue
        add("me_over_health", run["ratios"]["me_over_health"], suffix)
        add("health_cpu_over_me_cpu", run["ratios"]["health_cpu_over_me_cpu"], suffix)
        add("login_over_ceiling", run["ratios"]["login_over_ceiling"], suffix)
        add("storm_me_p99_ms", run["ratios"]["storm_me_p99_ms"], suffix)
        if run["database"] == "sqlite":
            add("peak_memory_mb", run["peak_memory_mb"])
        add("non_2xx", run["ratios"]["non_2xx"], suffix)
    g = results.get("generator")
    if g:
        add("noop_files_written", g["noop_regenerate"]["files_written"])
        add("noop_ms", g["noop_regenerate"]["ms"])
        add("cold_generate_ms", g["cold_generate"]["ms"])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authgen", required=True, help="the release authgen binary")
    parser.add_argument("--server", required=True, help="the release blog-api binary")
    parser.add_argument("--debug-build", required=True, help="SwiftPM scratch folder of the incremental (debug) build; the kept project lives inside it")
    parser.add_argument("--output", default=os.path.join(ROOT, "bench-results.json"))
    parser.add_argument("--skip-generator", action="store_true")
    arguments = parser.parse_args()

    context = json.loads(subprocess.run([arguments.authgen, "context", SPEC], capture_output=True, text=True,
                                        check=True).stdout)
    cores = os.cpu_count() or 1
    settings = {
        "duration": env_int("BENCH_DURATION", 10),
        "connections": env_int("BENCH_CONNECTIONS", 8),
        "login_connections": env_int("BENCH_LOGIN_CONNECTIONS", 2 * cores),
        "bcrypt_cost": int(find_key(context, "bcryptCost")),
        "log_level": os.environ.get("BENCH_LOG_LEVEL", "info"),
    }
    prefix = find_key(context, "apiPrefix")
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": cores,
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}",
        "load_average_at_start": list(os.getloadavg()),
        "settings": settings,
        "rate_limits": "off (RATE_LIMITS_ENABLED=false)",
        "sched_autogroup_enabled": autogroup_enabled(),
        "servers": [],
        "skipped": [],
    }
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="authgen-bench-")
    try:
        results["servers"].append(
            bench_database("sqlite", arguments.server, f"sqlite://{work}/sqlite/bench.sqlite", settings, cores, prefix, work)
        )
        url, reason = postgres_url()
        if url:
            schema = f"bench_{os.getpid()}_{int(time.time())}"
            try:
                results["servers"].append(
                    bench_database("postgres", arguments.server, with_schema(url, schema), settings, cores, prefix, work)
                )
                # What the default's session cache gains: the same without it.
                results["servers"].append(
                    bench_database(UNCACHED_POSTGRES, arguments.server, with_schema(url, schema + "_uncached"), settings,
                                   cores, prefix, work, {"SESSION_CACHE_SECONDS": "0"}, authentication_only=True)
                )
            except RuntimeError as error:
                results["skipped"].append(f"postgres: {error}")
            finally:
                drop_schema(url, schema)
                drop_schema(url, schema + "_uncached")
        else:
            results["skipped"].append(f"postgres: {reason}")
        if not arguments.skip_generator:
            results["generator"] = bench_generator(arguments.authgen, arguments.debug_build, work)
        results["ratios"] = collect_ratios(results)
        results["load_average_at_end"] = list(os.getloadavg())
        results["elapsed_s"] = round(time.monotonic() - started, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    with open(arguments.output, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(report(results))
    print(f"\n(the same as JSON in {os.path.relpath(arguments.output, ROOT)})")
    return 0


def autogroup_enabled():
    """Linux shares CPU time fairly between session groups; a thread's nice value only counts inside its own."""
    try:
        with open("/proc/sys/kernel/sched_autogroup_enabled") as f:
            return f.read().strip() == "1"
    except OSError:
        return None


def find_key(value, key):
    """The first value under `key` anywhere in the context JSON."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return None
    for child in children:
        found = find_key(child, key)
        if found is not None:
            return found
    return None


if __name__ == "__main__":
    sys.exit(main())
