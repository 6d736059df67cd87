"""Runs the checks of `make verify` against a built server binary and prints one line of figures per check.

    python scripts/verify/run.py PATH/TO/blog-api [--only schemathesis,concurrency,...]

Each check runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set. Exit status 1 if any check failed.
"""

import argparse
import os
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_account  # noqa: E402
import check_answers  # noqa: E402
import check_api_keys  # noqa: E402
import check_compose  # noqa: E402
import check_concurrency  # noqa: E402
import check_docs  # noqa: E402
import check_fault  # noqa: E402
import check_interop  # noqa: E402
import check_jwks  # noqa: E402
import check_logs  # noqa: E402
import check_mail  # noqa: E402
import check_mail_flows  # noqa: E402
import check_mfa  # noqa: E402
import check_replicas  # noqa: E402
import check_scaleout  # noqa: E402
import check_schemathesis  # noqa: E402
import check_sessions  # noqa: E402
import check_shutdown  # noqa: E402
from common import CheckFailed, databases  # noqa: E402

CHECKS = {
    "schemathesis": check_schemathesis,
    "answers": check_answers,
    "concurrency": check_concurrency,
    "fault": check_fault,
    "logs": check_logs,
    "interop": check_interop,
    "replicas": check_replicas,
    "shutdown": check_shutdown,
    "scaleout": check_scaleout,
    "compose": check_compose,
    "docs": check_docs,
    "mail": check_mail,
    "mail_flows": check_mail_flows,
    "mfa": check_mfa,
    "account": check_account,
    "sessions": check_sessions,
    "jwks": check_jwks,
    "api_keys": check_api_keys,
}
# Checks that run only when named (`CHECKS=name`); none at the moment.
OPT_IN = set()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--only", default="", help="comma-separated check names: " + ", ".join(CHECKS))
    arguments = parser.parse_args()
    binary = os.path.abspath(arguments.binary)
    if not os.access(binary, os.X_OK):
        print(f"verify: {binary} is not an executable; build the server first", file=sys.stderr)
        return 2
    names = [name for name in arguments.only.split(",") if name] or [name for name in CHECKS if name not in OPT_IN]
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        print(f"verify: unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}", file=sys.stderr)
        return 2

    # schemathesis keeps a cache in the working directory: a temporary one leaves nothing behind in the checkout.
    scratch = tempfile.TemporaryDirectory(prefix="authgen-verify-run-")
    os.chdir(scratch.name)
    print(f"verify: {binary} on {' and '.join(databases())}", flush=True)
    results = []
    started = time.monotonic()
    for name in names:
        for kind in CHECKS[name].databases():
            print(f"== {name} ({kind})", flush=True)
            began = time.monotonic()
            try:
                summary = CHECKS[name].run(binary, kind)
                status = "skipped" if summary.startswith("skipped") else "ok"
            except CheckFailed as failure:
                status, summary = "FAIL", str(failure)
            except KeyboardInterrupt:
                raise
            except BaseException:  # a crash of the check itself is a failure too, with its traceback
                status, summary = "FAIL", traceback.format_exc()
            elapsed = time.monotonic() - began
            results.append((name, kind, status, elapsed, summary))
            print(f"   {status} in {elapsed:.1f}s: {summary}", flush=True)

    print(f"\nverify: {len(results)} run(s) in {time.monotonic() - started:.0f}s", flush=True)
    for name, kind, status, elapsed, summary in results:
        first_line = summary.splitlines()[0] if summary else ""
        print(f"  {status:<7} {name:<13} {kind:<9} {elapsed:6.1f}s  {first_line}", flush=True)
    failed = [result for result in results if result[2] == "FAIL"]
    if failed:
        print(f"verify: {len(failed)} failed", flush=True)
        return 1
    print("verify: all passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
