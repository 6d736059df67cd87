#!/usr/bin/env python3
"""Option matrix: specs for combinations of spec options, each run through `authgen pipeline`.

    scripts/matrix.py list  [--pairwise]                         # the combinations, one per line
    scripts/matrix.py specs [--pairwise] DIR                     # write DIR/<combination>.yaml
    scripts/matrix.py run   [--pairwise] --authgen BIN --build-path DIR [--work DIR] [--only NAME]...

`run` writes each spec, generates it afresh into WORK/out/<combination>, copies that output into one build tree
(WORK/tree: only the files that differ from the previous combination's are written, and files it lacks are removed,
so the tree is byte for byte that fresh output), then runs `BIN pipeline SPEC -o WORK/tree --build-path DIR` there
(generate, which finds nothing to write, build, tests, smoke run). It keeps going after a failure, prints a table
(combination, result, time) and exits 1 if one failed. Every combination shares the one build folder, so the
dependencies compile once, and the one tree, so SwiftPM recompiles only the files one combination changes from
the last (each combination's own folder would be a new package to SwiftPM: every file compiled again). Export
TEST_DATABASE_URL to run the generated tests of the PostgreSQL combinations on PostgreSQL as well as SQLite; a SQLite
combination's tests run on SQLite only (its database): the pairwise subset still meets every value of every other
option with each database.

A combination is the base spec (BASE) with one value of every dimension (DIMENSIONS) merged in. `--pairwise`
keeps a subset in which every pair of values of any two dimensions appears at least once (9 combinations; found
by a seeded search, the same on every run, and checked before it runs).
Standard library only: the specs are written by the small YAML printer below.
"""
import argparse
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

from tree_mirror import mirror


class Word(str):
    """A scalar printed as it is, unquoted: `auth.lockout: off` is the key's documented spelling."""


BASE = {
    "version": 1,
    "project": {"name": "matrix-app", "description": "authgen option matrix"},
}

ONE_RESOURCE = [
    {   # every access level on one resource
        "name": "item",
        "fields": {"title": {"type": "string", "max_length": 80}, "done": {"type": "bool", "default": False},
                   # names SQL and Swift reserve: quoted in SQL, `defaultValue`/`classValue` in Swift
                   "from": {"type": "string", "optional": True}, "default": {"type": "int", "default": 0},
                   "class": {"type": "date", "optional": True}},
        "access": {"list": "public", "read": "authenticated", "create": "authenticated", "update": "owner",
                   "delete": "superuser"},
    },
]

THREE_RESOURCES = [
    {
        "name": "post",
        "fields": {"title": {"type": "string", "max_length": 200}, "body": {"type": "text", "optional": True},
                   "published_on": {"type": "date", "optional": True}},
        "access": {"list": "public", "read": "public", "create": "authenticated", "update": "owner",
                   "delete": "superuser"},
    },
    {
        "name": "note",
        "fields": {"text": {"type": "text"}, "stars": {"type": "int", "default": 0}},
        "access": {"list": "authenticated", "read": "owner", "create": "authenticated", "update": ["owner", "reviewer"],
                   "delete": "owner"},
    },
    {
        "name": "label",
        "owned": False,
        "fields": {"name": {"type": "string"}, "weight": {"type": "double", "default": 1.5}},
        "access": {"list": "public", "read": "public", "create": "superuser", "update": "superuser",
                   "delete": "superuser"},
    },
]

# (dimension, [(value label, overlay merged into the spec)]); the first value of each is the default.
DIMENSIONS = [
    ("database", [("sqlite", {}), ("postgres", {"database": {"driver": "postgres"}})]),
    ("algorithm", [(name, {"auth": {"jwt": {"algorithm": name}}}) for name in ("HS256", "ES256", "EdDSA")]),
    ("registration", [("open", {}), ("closed", {"auth": {"registration": "closed"}})]),
    # r3 also has a role in an access list and API keys (scoped to the resources' actions).
    ("resources", [("r0", {}), ("r1", {"resources": ONE_RESOURCE}),
                   ("r3", {"resources": THREE_RESOURCES, "roles": {"reviewer": {"description": "Edits any note"}},
                           "auth": {"api_keys": {"enabled": True, "max_per_user": 5}}})]),
    ("lockout", [("lockout", {}), ("nolockout", {"auth": {"lockout": Word("off")}})]),
    ("docker", [("nodocker", {}), ("docker", {"docker": {"compose": False}}),
                ("compose", {"docker": {"compose": True}})]),
    # The mail features (plugins email, password-reset, email-verification, invitations), with every flow on.
    ("email", [("noemail", {}), ("email", {"email": {"from": "Matrix <no-reply@example.com>",
                                                     "verification": "required", "invitations": True}})]),
    # The account features (plugins mfa, sessions, account): TOTP required of superusers, sessions listed, accounts
    # deleted and exported.
    ("account", [("noaccount", {}), ("account", {"auth": {"mfa": {"totp": "required_for_superusers"},
                                                          "sessions": {"list": True}},
                                                 "account": {"self_delete": True, "export": True}})]),
]

# `authgen pipeline` exit statuses (README, "Command line").
EXIT_STATUS = {0: "ok", 1: "drift/conflict", 2: "invalid spec", 3: "template error", 4: "write failed",
               5: "build failed", 6: "tests failed", 7: "smoke failed"}


def merged(base, overlay):
    result = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


class Combination:
    def __init__(self, values):
        self.values = values  # one (label, overlay) per dimension, in DIMENSIONS order

    @property
    def name(self):
        return "-".join(label.lower() for label, _ in self.values)

    def values_by_dimension(self):
        return [(dimension, label) for (dimension, _), (label, _) in zip(DIMENSIONS, self.values)]

    def spec(self):
        spec = BASE
        for _, overlay in self.values:
            spec = merged(spec, overlay)
        return spec


def all_combinations():
    return [Combination(list(values)) for values in itertools.product(*(values for _, values in DIMENSIONS))]


def pairwise(combinations, attempts=64, steps=4000):
    """A small subset covering every pair of values of any two dimensions (a covering array of strength 2), the same
    on every run. First a greedy one: take a combination that covers the most pairs not yet covered, until none is
    left, then drop any taken one whose pairs the others cover (ties broken by a seeded random choice; of `attempts`
    seeds the smallest wins). Then smaller sizes, down to the bound (the two largest dimensions' sizes multiplied), by
    a seeded local search: while a pair is uncovered, change one row so that it covers that pair, the row whose change
    leaves the fewest pairs uncovered."""
    sizes = [len(values) for _, values in DIMENSIONS]
    index_of = {tuple(label for label, _ in c.values): n for n, c in enumerate(combinations)}

    def pairs(row):
        return {(i, row[i], j, row[j]) for i, j in itertools.combinations(range(len(row)), 2)}

    def rows_of(chosen):
        return [tuple(label for label, _ in combinations[n].values) for n in chosen]

    every_pair = set().union(*(pairs(row) for row in rows_of(range(len(combinations)))))
    best = greedy_cover(combinations, every_pair, pairs, attempts)
    bound = max(a * b for a, b in itertools.combinations(sizes, 2))
    labels = [[label for label, _ in values] for _, values in DIMENSIONS]
    for size in range(bound, len(best)):
        found = search_cover(size, labels, every_pair, pairs, random.Random(size), steps)
        if found is not None and all(row in index_of for row in found):
            best = sorted(index_of[row] for row in found)
            break
    return [combinations[n] for n in best]


def uncovered_pairs(subset):
    """The pairs of values (dimension, label, dimension, label) that no combination of `subset` has."""
    wanted = {(first, a, second, b)
              for (first, first_values), (second, second_values) in itertools.combinations(DIMENSIONS, 2)
              for a, _ in first_values for b, _ in second_values}
    have = {pair for c in subset
            for pair in itertools.combinations(c.values_by_dimension(), 2)}
    return wanted - {(i, a, j, b) for (i, a), (j, b) in have}


def greedy_cover(combinations, every_pair, pairs, attempts):
    covering = [pairs(tuple(label for label, _ in c.values)) for c in combinations]
    smallest = None
    for seed in range(attempts):
        chooser = random.Random(seed)
        uncovered, chosen = set(every_pair), []
        while uncovered:
            gains = [len(covered & uncovered) for covered in covering]
            most = max(gains)
            index = chooser.choice([i for i, gain in enumerate(gains) if gain == most])
            chosen.append(index)
            uncovered -= covering[index]
        for index in list(chosen):
            others = set().union(*(covering[i] for i in chosen if i != index))
            if others >= every_pair:
                chosen.remove(index)
        if smallest is None or len(chosen) < len(smallest):
            smallest = chosen
    return sorted(smallest)


def search_cover(size, labels, every_pair, pairs, chooser, steps):
    """`size` rows covering `every_pair`, or None after `steps` changes."""
    rows = [tuple(chooser.choice(values) for values in labels) for _ in range(size)]

    def uncovered_by(candidate):
        return every_pair - set().union(*(pairs(row) for row in candidate))

    uncovered = uncovered_by(rows)
    for _ in range(steps):
        if not uncovered:
            return sorted(set(rows)) if len(set(rows)) == size else None
        i, a, j, b = chooser.choice(sorted(uncovered))
        outcomes = []
        for n, row in enumerate(rows):
            changed = list(row)
            changed[i], changed[j] = a, b
            candidate = rows[:n] + [tuple(changed)] + rows[n + 1:]
            outcomes.append((len(uncovered_by(candidate)), n, candidate))
        fewest = min(count for count, _, _ in outcomes)
        _, _, rows = chooser.choice([outcome for outcome in outcomes if outcome[0] == fewest])
        uncovered = uncovered_by(rows)
    return None


def yaml_scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Word)):
        return str(value)
    text = str(value)
    plain = text and all(ch.isalnum() or ch in "-_./ " for ch in text) and text[0] not in " -" \
        and text.lower() not in ("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~")
    return text if plain else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_lines(value, indent=0):
    pad = "  " * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list) and item and not any(isinstance(entry, (dict, list)) for entry in item):
                lines.append(f"{pad}{key}: [{', '.join(yaml_scalar(entry) for entry in item)}]")
            elif isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines += yaml_lines(item, indent + 1)
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(item) if not isinstance(item, (dict, list)) else '{}'}")
    else:
        for item in value:
            nested = yaml_lines(item, indent + 1)
            lines.append(f"{pad}- {nested[0].lstrip()}")
            lines += nested[1:]
    return lines


def spec_text(combination):
    header = "# authgen option matrix: " + ", ".join(
        f"{dimension}={label}" for (dimension, _), (label, _) in zip(DIMENSIONS, combination.values))
    return header + "\n" + "\n".join(yaml_lines(combination.spec())) + "\n"


STAGE_LINE = re.compile(r"^\S+\s+(generate|build|test|smoke)\s+([0-9.]+)s\b")


def stage_times(log):
    """Seconds per stage, from the pipeline's one line per stage (`ok   build       97.2s  …`)."""
    times = {}
    with open(log) as handle:
        for line in handle:
            match = STAGE_LINE.match(line)
            if match:
                times[match.group(1)] = float(match.group(2))
    return times


def selected(arguments):
    combinations = all_combinations()
    if arguments.pairwise:
        combinations = pairwise(combinations)
        missing = uncovered_pairs(combinations)
        if missing:
            sys.exit(f"matrix: the pairwise subset misses {len(missing)} pair(s) of values, e.g. {sorted(missing)[0]}")
    if getattr(arguments, "only", None):
        combinations = [c for c in combinations if c.name in arguments.only]
    return combinations


def write_specs(combinations, folder):
    os.makedirs(folder, exist_ok=True)
    paths = []
    for combination in combinations:
        path = os.path.join(folder, combination.name + ".yaml")
        with open(path, "w") as handle:
            handle.write(spec_text(combination))
        paths.append(path)
    return paths


def describe_selection(arguments, count):
    total = len(all_combinations())
    kind = "pairwise subset" if arguments.pairwise else "all combinations"
    return f"matrix: {count} of {total} combinations ({kind})"


def test_environment(combination):
    """The environment of a combination's pipeline: its generated tests run on its own database (and SQLite)."""
    environment = dict(os.environ)
    if dict(combination.values_by_dimension())["database"] == "sqlite":
        environment.pop("TEST_DATABASE_URL", None)
    return environment


def run(arguments):
    combinations = selected(arguments)
    work = arguments.work or tempfile.mkdtemp(prefix="authgen-matrix-")
    specs = write_specs(combinations, os.path.join(work, "specs"))
    print(describe_selection(arguments, len(combinations)) + f"; specs, outputs and logs in {work}", flush=True)
    if not os.environ.get("TEST_DATABASE_URL"):
        print("matrix: TEST_DATABASE_URL is not set: the generated tests run on SQLite only", flush=True)
    results = []
    started = time.monotonic()
    for index, (combination, spec) in enumerate(zip(combinations, specs), 1):
        output = os.path.join(work, "out", combination.name)
        tree = os.path.join(work, "tree")
        log = os.path.join(work, "logs", combination.name + ".log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        print(f"[{index}/{len(combinations)}] {combination.name}", flush=True)
        began = time.monotonic()
        with open(log, "w") as handle:
            shutil.rmtree(output, ignore_errors=True)
            status = subprocess.call([arguments.authgen, "generate", spec, "-o", output],
                                     stdout=handle, stderr=subprocess.STDOUT)
            if status == 0:
                handle.write(f"matrix: {mirror(output, tree)} file(s) of {tree} written or removed\n")
                handle.flush()
                status = subprocess.call([arguments.authgen, "pipeline", spec, "-o", tree,
                                          "--build-path", arguments.build_path],
                                         stdout=handle, stderr=subprocess.STDOUT, env=test_environment(combination))
        elapsed = time.monotonic() - began
        result = EXIT_STATUS.get(status, f"exit {status}")
        results.append((combination.name, result, elapsed, stage_times(log)))
        print(f"    {result} in {elapsed:.0f}s" + ("" if status == 0 else f" (log: {log})"), flush=True)
        if status != 0:
            with open(log) as handle:
                sys.stdout.write("".join(handle.readlines()[-30:]))
    width = max([len("combination")] + [len(name) for name, _, _, _ in results])
    stages = ("build", "test", "smoke")
    print()
    print(f"{'combination':<{width}}  {'result':<14}   time  " + "  ".join(f"{stage:>6}" for stage in stages))
    for name, result, elapsed, times in results:
        columns = "  ".join(f"{times[stage]:5.0f}s" if stage in times else "     -" for stage in stages)
        print(f"{name:<{width}}  {result:<14}  {elapsed:4.0f}s  {columns}")
    failed = sum(1 for _, result, _, _ in results if result != "ok")
    total = time.monotonic() - started
    print(f"{len(results)} combination(s), {len(results) - failed} passed, {failed} failed, "
          f"{total:.0f}s in all ({total / max(1, len(results)):.0f}s each on average)")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for command in ("list", "specs", "run"):
        sub = commands.add_parser(command)
        sub.add_argument("--pairwise", action="store_true", help="only a subset covering every pair of values")
        if command == "specs":
            sub.add_argument("folder")
        if command == "run":
            sub.add_argument("--authgen", required=True, help="the authgen binary")
            sub.add_argument("--build-path", required=True, help="the shared SwiftPM build folder")
            sub.add_argument("--work", help="folder for specs, outputs and logs (default: a new temporary one)")
            sub.add_argument("--only", action="append", help="run only this combination (repeatable)")
    arguments = parser.parse_args()
    if arguments.command == "list":
        combinations = selected(arguments)
        for combination in combinations:
            print(combination.name)
        print(describe_selection(arguments, len(combinations)), file=sys.stderr)
        return 0
    if arguments.command == "specs":
        combinations = selected(arguments)
        write_specs(combinations, arguments.folder)
        print(describe_selection(arguments, len(combinations)) + f"; written to {arguments.folder}", file=sys.stderr)
        return 0
    return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
