"""Compose: Generated/blog-api/docker-compose.yml as a real Compose implementation resolves it (`docker-compose config`,
docker-compose 1.29.2 from PyPI; no Docker engine is needed), beside the .env that `authgen generate` writes, as it is.

Asserts that the server runs in production although that .env says ENVIRONMENT=development, that its secrets come
from the .env, that every setting of .env.example an operator writes into .env reaches the server (TRUSTED_PROXIES,
REGISTRATION, LOCKOUT_*, SESSION_*, ...) while ENVIRONMENT, HOST, PORT and DATABASE_URL stay the compose file's, and
that the port is published on 127.0.0.1 only.
"""

import os
import shutil
import subprocess
import tempfile

import yaml

from common import CheckFailed, expect, say

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(ROOT, "Generated", "blog-api")
# Set by the compose file itself, whatever .env says.
FIXED = {"ENVIRONMENT", "HOST", "PORT", "DATABASE_URL"}
# Not server settings: the tests' database and the password of the create-superuser command.
NOT_SERVED = {"TEST_DATABASE_URL", "SUPERUSER_PASSWORD"}


def databases():
    return ["file"]


def tool(name, variable, default):
    path = os.environ.get(variable) or os.path.join(ROOT, default)
    if not os.access(path, os.X_OK):
        raise CheckFailed(f"{path} is missing: run this check through `make verify` (it installs {name})")
    return path


def read_env(path):
    """The KEY=value lines of a .env file."""
    values = {}
    with open(path) as file:
        for line in file:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def example_keys(path):
    """Every setting .env.example names, also the ones it shows commented out (`# SESSION_CACHE_SECONDS=1`)."""
    keys = []
    with open(path) as file:
        for line in file:
            text = line.strip().lstrip("#").strip()
            key = text.split("=", 1)[0]
            if "=" in text and key and key.isupper() and key.replace("_", "").isalnum():
                keys.append(key)
    return keys


def resolve(compose, folder):
    # A variable of this process's environment would win over .env in interpolation (TEST_DATABASE_URL, say, is set
    # for the other checks): docker-compose gets only PATH and HOME.
    environment = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    answer = subprocess.run(
        [compose, "--project-directory", folder, "-f", os.path.join(folder, "docker-compose.yml"), "config"],
        capture_output=True, text=True, timeout=120, env=environment,
    )
    expect(answer.returncode == 0, f"docker-compose config failed ({answer.returncode}): {answer.stderr.strip()[-600:]}")
    return yaml.safe_load(answer.stdout)


def published(ports):
    """(host address, published port, container port) of each mapping, in either form `config` prints."""
    mappings = []
    for port in ports or []:
        if isinstance(port, dict):
            mappings.append((port.get("host_ip", ""), str(port.get("published", "")), str(port.get("target", ""))))
        else:
            parts = str(port).split("/")[0].rsplit(":", 2)
            mappings.append(tuple([""] * (3 - len(parts)) + parts))
    return mappings


def run(binary, kind):
    compose = tool("docker-compose", "DOCKER_COMPOSE", ".build-compose-venv/bin/docker-compose")
    authgen = tool("authgen", "AUTHGEN", ".build/debug/authgen")
    with tempfile.TemporaryDirectory(prefix="authgen-verify-compose-") as scratch:
        generated = os.path.join(scratch, "generated")
        answer = subprocess.run(
            [authgen, "generate", os.path.join(ROOT, "Examples", "blog.yaml"), "-o", generated],
            capture_output=True, text=True, timeout=300,
        )
        expect(answer.returncode == 0, f"authgen generate failed: {answer.stderr.strip()[-600:]}")
        env = read_env(os.path.join(generated, ".env"))
        expect(env.get("ENVIRONMENT") == "development", f"the generated .env says ENVIRONMENT={env.get('ENVIRONMENT')}")

        # The committed compose file, beside the .env exactly as generated.
        folder = os.path.join(scratch, "as-generated")
        os.mkdir(folder)
        shutil.copy(os.path.join(PROJECT, "docker-compose.yml"), folder)
        shutil.copy(os.path.join(generated, ".env"), folder)
        app = resolve(compose, folder)["services"]["app"]
        environment = app.get("environment") or {}
        problems = []
        if environment.get("ENVIRONMENT") != "production":
            problems.append(f"ENVIRONMENT resolves to {environment.get('ENVIRONMENT')!r}, not 'production'")
        if environment.get("SECRET_KEY") != env["SECRET_KEY"]:
            problems.append("SECRET_KEY does not come from .env")
        if env["POSTGRES_PASSWORD"] not in str(environment.get("DATABASE_URL", "")):
            problems.append("DATABASE_URL does not carry .env's POSTGRES_PASSWORD")
        mappings = published(app.get("ports"))
        if not mappings or any(host != "127.0.0.1" for host, _, _ in mappings):
            problems.append(f"the port is published as {app.get('ports')}, not on 127.0.0.1 only")
        say(f"as generated: ENVIRONMENT={environment.get('ENVIRONMENT')}, ports {mappings}")

        # An operator's .env: the generated one plus every setting of .env.example, each with its own value.
        keys = [key for key in example_keys(os.path.join(PROJECT, ".env.example")) if key not in FIXED | NOT_SERVED]
        expected = {key: f"operator-{key.lower()}" for key in keys if key not in {"SECRET_KEY", "JWT_PRIVATE_KEYS"}}
        expected["TRUSTED_PROXIES"] = "10.0.0.0/8"
        expected["REGISTRATION"] = "closed"
        expected["LOCKOUT_AFTER"] = "3"
        folder = os.path.join(scratch, "operator")
        os.mkdir(folder)
        shutil.copy(os.path.join(PROJECT, "docker-compose.yml"), folder)
        with open(os.path.join(generated, ".env")) as source, open(os.path.join(folder, ".env"), "w") as target:
            target.write(source.read() + "".join(f"{key}={value}\n" for key, value in expected.items()))
        environment = resolve(compose, folder)["services"]["app"].get("environment") or {}
        missing = {key: environment.get(key) for key, value in expected.items() if environment.get(key) != value}
        if missing:
            problems.append(f"settings written in .env do not reach the server: {missing}")
        if environment.get("ENVIRONMENT") != "production":
            problems.append(f"with an operator's .env ENVIRONMENT resolves to {environment.get('ENVIRONMENT')!r}")
        for key in ("TRUSTED_PROXIES", "REGISTRATION", "LOCKOUT_AFTER"):
            say(f"operator .env: {key}={environment.get(key)}")
        expect(not problems, "; ".join(problems))
        replicas = scaled(compose, authgen, scratch)
        return (
            f"docker-compose config: ENVIRONMENT=production over .env's development, {len(expected)} settings of "
            f".env.example passed through ({', '.join(sorted(expected)[:4])}, ...), port on 127.0.0.1 only; {replicas}"
        )


def scaled(compose, authgen, scratch):
    """The golden fixture with `docker: {replicas: 3}`: three app services behind nginx, which alone publishes a port;
    every replica in production, trusting exactly the proxy network; its nginx.conf passes `nginx -t`."""
    folder = os.path.join(scratch, "replicas")
    answer = subprocess.run(
        [authgen, "generate", os.path.join(ROOT, "Tests", "Fixtures", "specs", "docker-compose.yaml"), "-o", folder],
        capture_output=True, text=True, timeout=300,
    )
    expect(answer.returncode == 0, f"authgen generate (replicas) failed: {answer.stderr.strip()[-600:]}")
    # The fixture signs with ES256: generation writes its key into .env, which compose passes on.
    expect("BEGIN EC PRIVATE KEY" in read_env(os.path.join(folder, ".env")).get("JWT_PRIVATE_KEYS", ""),
           "the generated .env of an ES256 spec carries no JWT_PRIVATE_KEYS")
    config = resolve(compose, folder)
    services = config["services"]
    apps = sorted(name for name in services if name.startswith("app"))
    problems = []
    if apps != ["app-1", "app-2", "app-3"] or "nginx" not in services:
        problems.append(f"services {sorted(services)}, expected app-1, app-2, app-3, nginx and db")
    subnets = [pool.get("subnet") for pool in (config.get("networks", {}).get("proxy", {}).get("ipam", {}).get("config") or [])]
    for name in apps:
        service = services[name]
        environment = service.get("environment") or {}
        if environment.get("ENVIRONMENT") != "production":
            problems.append(f"{name}: ENVIRONMENT={environment.get('ENVIRONMENT')!r}")
        if [environment.get("TRUSTED_PROXIES")] != subnets:
            problems.append(f"{name}: TRUSTED_PROXIES={environment.get('TRUSTED_PROXIES')!r}, the proxy network is {subnets}")
        if service.get("ports"):
            problems.append(f"{name} publishes {service.get('ports')}; only nginx may")
        if "proxy" not in (service.get("networks") or {}):
            problems.append(f"{name} is not on the proxy network")
    nginx = services.get("nginx", {})
    mappings = published(nginx.get("ports"))
    if not mappings or any(host != "127.0.0.1" for host, _, _ in mappings):
        problems.append(f"nginx publishes {nginx.get('ports')}, not on 127.0.0.1 only")
    if list((nginx.get("networks") or {})) != ["proxy"]:
        problems.append(f"nginx is on {list(nginx.get('networks') or {})}, expected the proxy network alone")
    expect(not problems, "replicas: " + "; ".join(problems))
    checked = nginx_test(os.path.join(folder, "nginx.conf"), apps, scratch)
    say(f"replicas: {', '.join(apps)} behind nginx on {mappings}, TRUSTED_PROXIES={subnets}; {checked}")
    return f"replicas: 3 app services behind nginx (only it published, on 127.0.0.1), TRUSTED_PROXIES={subnets[0]}; {checked}"


def nginx_test(path, apps, scratch):
    """`nginx -t` on the rendered config; the compose service names, which resolve only inside compose, become 127.0.0.1."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    expect(os.access(nginx, os.X_OK), "nginx is missing: install Debian's nginx (.ci/run does)")
    with open(path) as file:
        text = file.read()
    for name in apps:
        expect(f"server {name}:" in text, f"nginx.conf has no upstream server {name}")
        text = text.replace(f"server {name}:", "server 127.0.0.1:")
    folder = os.path.join(scratch, "nginx-test")
    os.makedirs(os.path.join(folder, "logs"), exist_ok=True)
    shutil.copy("/etc/nginx/mime.types", folder) if os.path.exists("/etc/nginx/mime.types") else None
    with open(os.path.join(folder, "nginx.conf"), "w") as file:
        file.write(text)
    answer = subprocess.run(
        [nginx, "-t", "-p", folder, "-c", os.path.join(folder, "nginx.conf"),
         "-g", f"pid {folder}/nginx.pid; error_log {folder}/logs/error.log;"],
        capture_output=True, text=True, timeout=60,
    )
    expect(answer.returncode == 0, f"nginx -t on the rendered nginx.conf failed: {answer.stderr.strip()[-600:]}")
    return "nginx -t: syntax ok"
