"""Fault: SIGKILL the server in the middle of a registration load, restart it on the same database: it opens, and every
user whose registration got a 201 can log in."""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

import common
from common import expect

WORKERS = 8
MIN_CREATED = 100
LOAD_SECONDS = 20


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db:
        server = common.Server(binary=binary, db=db, workdir=workdir, name="before-kill")
        created, failed_in_flight = [], []
        lock = threading.Lock()
        stop = threading.Event()
        numbers = itertools.count()
        try:
            server.start()

            def load():
                session = requests.Session()
                while not stop.is_set():
                    username = f"load{next(numbers)}"
                    try:
                        answer = common.register(server.base, username, session=session)
                    except requests.RequestException:
                        with lock:
                            failed_in_flight.append(username)
                        return  # the server is gone
                    if answer.status_code == 201:
                        with lock:
                            created.append(username)
                    elif answer.status_code >= 500:
                        with lock:
                            failed_in_flight.append(f"{username}: {answer.status_code}")

            with ThreadPoolExecutor(WORKERS) as pool:
                for _ in range(WORKERS):
                    pool.submit(load)
                deadline = time.monotonic() + LOAD_SECONDS
                while len(created) < MIN_CREATED and time.monotonic() < deadline:
                    time.sleep(0.05)
                killed_after = len(created)
                server.kill()  # while the workers are still sending registrations
                stop.set()
        finally:
            stop.set()
            server.kill()
        expect(killed_after >= MIN_CREATED, f"only {killed_after} registrations succeeded in {LOAD_SECONDS}s before the kill")
        expect(not any(":" in entry for entry in failed_in_flight), f"5xx during the load: {failed_in_flight[:5]}")

        restarted = common.Server(binary=binary, db=db, workdir=workdir, name="after-kill")
        began = time.monotonic()
        try:
            restarted.start()
            reopened = time.monotonic() - began
            with ThreadPoolExecutor(WORKERS) as pool:
                logins = list(pool.map(lambda name: (name, common.login(restarted.base, name).status_code), created))
            refused = [f"{name}: {status}" for name, status in logins if status != 200]
            expect(not refused, f"{len(refused)} of {len(created)} users that got a 201 cannot log in: {refused[:5]}")
            stored = int(db.sql("SELECT COUNT(*) FROM users")[0][0])
        finally:
            restarted.stop()
        expect(stored >= len(created), f"{stored} users stored, fewer than the {len(created)} 201s")
        return (
            f"SIGKILL after {killed_after} registrations with {WORKERS} workers sending ({len(failed_in_flight)} cut off); "
            f"restart ready in {reopened:.1f}s; {len(created)}/{len(created)} created users log in; {stored} rows stored"
        )
