#!/usr/bin/env python3
"""Kills `docket` with SIGKILL at random points of three long writes and checks the store.

    scripts/crash-test.py [--points N] [--cases N] [--docket PATH] [--seed N]

The writes: a bulk `case import --file`, a `tick` firing a storm of due timers, and an
`org import` that reorganises three organisations (a village with its cases and limits
to another township, a grid under it, another village the other way), each move in a
transaction of its own. Each
is first run uninterrupted, to know where it ends; then, at each of N points, a fresh
copy of the store before it is written to while the command is killed at a random
instant within that run's duration. After every kill the store must be whole:

- `docket audit verify` passes and SQLite's integrity check says ok;
- every case's revision equals the number of its audit entries;
- every limit belongs to a case, at the case's organisation path, and every case's path
  is its organisation's;
- no index is left taken down by a bulk load (the next command rebuilds them);

and running the command again ends where the uninterrupted run ended (the same cases in
the same states at the same places, the same number of audit entries per case).
Exits non-zero at the first store that fails, naming the scenario, point and check.
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Failure(Exception):
    pass


class Docket:
    def __init__(self, binary, db):
        self.binary = binary
        self.db = db

    def env(self):
        env = dict(os.environ)
        env.update({"DOCKET_DB": self.db, "DOCKET_ACTOR": "p-admin", "LANG": "en_US.UTF-8"})
        return env

    def run(self, *arguments, check=True):
        result = subprocess.run([self.binary, *arguments], env=self.env(), capture_output=True, text=True)
        if check and result.returncode not in (0, 11):
            raise Failure(f"docket {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()[:400]}")
        return result

    def start(self, *arguments):
        return subprocess.Popen([self.binary, *arguments], env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def copy_store(source, target):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(source + suffix):
            shutil.copyfile(source + suffix, target + suffix)
        elif os.path.exists(target + suffix):
            os.remove(target + suffix)


def check_store(docket, label):
    # Opening the store (any command) rebuilds indexes an abandoned load took down.
    verify = docket.run("audit", "verify", check=False)
    if verify.returncode != 0:
        raise Failure(f"{label}: audit verify exited {verify.returncode}: {verify.stderr.strip()[:300]}")
    db = sqlite3.connect(docket.db)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise Failure(f"{label}: integrity check: {integrity}")
        mismatch = db.execute(
            "SELECT c.id, c.revision, (SELECT COUNT(*) FROM audit a WHERE a.case_id = c.id) n FROM cases c"
            " WHERE c.revision != (SELECT COUNT(*) FROM audit a WHERE a.case_id = c.id) LIMIT 1").fetchone()
        if mismatch:
            raise Failure(f"{label}: case {mismatch[0]} is at revision {mismatch[1]} with {mismatch[2]} audit entries")
        orphan = db.execute("SELECT case_id FROM deadlines WHERE case_id NOT IN (SELECT id FROM cases) LIMIT 1").fetchone()
        if orphan:
            raise Failure(f"{label}: a limit of {orphan[0]} has no case")
        misplaced = db.execute(
            "SELECT c.id FROM cases c JOIN organisations o ON o.id = c.organisation WHERE c.org_path != o.path LIMIT 1").fetchone()
        if misplaced:
            raise Failure(f"{label}: case {misplaced[0]} is not at its organisation's path")
        stray = db.execute(
            "SELECT d.case_id FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE d.org_path != c.org_path LIMIT 1").fetchone()
        if stray:
            raise Failure(f"{label}: a limit of {stray[0]} is not at its case's path")
        deferred = db.execute("SELECT value FROM meta WHERE key = 'indexes-deferred-by'").fetchone()
        if deferred:
            raise Failure(f"{label}: indexes are still taken down by process {deferred[0]}")
        indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        for name in ("cases_org_path", "deadlines_due", "deadlines_org_due", "deadlines_timers"):
            if name not in indexes:
                raise Failure(f"{label}: index {name} is missing")
    finally:
        db.close()


def outcome(db_path):
    db = sqlite3.connect(db_path)
    try:
        cases = db.execute("SELECT id, state, organisation, org_path FROM cases ORDER BY id").fetchall()
        trail = db.execute("SELECT case_id, COUNT(*) FROM audit GROUP BY case_id ORDER BY case_id").fetchall()
        limits = db.execute("SELECT COUNT(*) FROM deadlines").fetchone()[0]
        return cases, trail, limits
    finally:
        db.close()


def prepare(docket, folder, cases, scenario):
    docket.run("init", "--workflows", os.path.join(ROOT, "Workflows"), "--at", "2026-11-01", "--simulation")
    docket.run("org", "import", os.path.join(ROOT, "Examples", "org-tree.yaml"))
    docket.run("person", "import", os.path.join(ROOT, "Examples", "people.csv"))
    rows = os.path.join(folder, "cases.jsonl")
    grids = ["dongcun-g1", "dongcun-g2", "xicun-g1", "hekoucun-g1"]
    with open(rows, "w", encoding="utf-8") as out:
        for i in range(cases):
            grid = grids[i % len(grids)]
            assignee = {"dongcun-g1": "p-li", "dongcun-g2": "p-zhou", "xicun-g1": "p-wu", "hekoucun-g1": "p-he"}[grid]
            out.write(json.dumps({
                "id": f"CR-{i:07d}", "workflow": "service-request", "org": grid, "state": "dispatched",
                "data": {"requester": "居民", "phone": "13800000000", "category": "repair", "description": "维修",
                         "urgency": "general", "assignee": assignee},
                "records": [{"event": "order", "on": "2026-11-20"}, {"event": "dispatch", "on": "2026-11-20"}],
            }, ensure_ascii=False) + "\n")
    moved = os.path.join(folder, "move.yaml")
    with open(moved, "w", encoding="utf-8") as out:
        out.write(
            "organisations:\n"
            "  - {id: xicun, name: 西村, parent: hekou, kind: village}\n"
            "  - {id: dongcun-g2, name: 东村第二网格, parent: xicun, kind: grid}\n"
            "  - {id: hekoucun, name: 河口村, parent: chengguan, kind: village}\n")
    commands = {
        "import": ["case", "import", "--file", rows, "--at", "2026-11-21"],
        "tick": ["tick", "--at", "2026-11-25T00:00", "--as", "p-admin"],
        "move": ["org", "import", moved, "--at", "2026-11-26"],
    }
    if scenario in ("tick", "move"):
        docket.run(*commands["import"])
    return commands[scenario]


def scenario(name, args, work):
    folder = os.path.join(work, name)
    os.makedirs(folder)
    base = os.path.join(folder, "base.db")
    docket = Docket(args.docket, base)
    command = prepare(docket, folder, args.cases, name)

    done = os.path.join(folder, "done.db")
    copy_store(base, done)
    started = time.monotonic()
    Docket(args.docket, done).run(*command)
    duration = time.monotonic() - started
    check_store(Docket(args.docket, done), f"{name} uninterrupted")
    expected = outcome(done)

    killed = 0
    for point in range(args.points):
        store = os.path.join(folder, "point.db")
        copy_store(base, store)
        target = Docket(args.docket, store)
        process = target.start(*command)
        time.sleep(random.uniform(0, duration))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        label = f"{name}, point {point + 1}"
        check_store(target, label + " after the kill")
        target.run(*command)
        check_store(target, label + " after running it again")
        if outcome(store) != expected:
            raise Failure(f"{label}: running the command again did not end where the uninterrupted run ended")
    print(f"crash-test: {name}: {args.points} points ({killed} killed mid-run, run {duration:.2f} s), store whole every time", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100, help="kill points per scenario (default 100)")
    parser.add_argument("--cases", type=int, default=20000, help="cases imported (default 20,000)")
    parser.add_argument("--docket", default=os.path.join(ROOT, ".build", "debug", "docket"))
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", choices=["import", "tick", "move"])
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    random.seed(seed)
    print(f"crash-test: seed {seed}", flush=True)
    work = tempfile.mkdtemp(prefix="docket-crash-")
    try:
        for name in [args.only] if args.only else ["import", "tick", "move"]:
            scenario(name, args, work)
    except Failure as failure:
        print(f"crash-test: FAILED: {failure} (seed {seed}; stores kept in {work})", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
