#!/usr/bin/env python3
"""The API against its own OpenAPI document: schemathesis runs every check it has
(status codes, content types, response schemas, 5xx, acceptance of valid and refusal of
invalid input, undeclared methods, stateful sequences) against docket serve on a
simulation store with a county, its people and a few cases, as the county administrator
and as a village secretary.

Usage: api_contract_test.py [path/to/docket]  (default .build/debug/docket)
A failure prints schemathesis's report, with a curl line to reproduce each finding, and
exits non-zero. The seed is fixed so that CI is repeatable; DOCKET_API_SEED varies it.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCKET = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/docket"))
SEED = os.environ.get("DOCKET_API_SEED", "20261208")


def run(*args, env):
    result = subprocess.run([DOCKET, *args], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"docket {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def token(person, env):
    out = run("token", "create", person, "--json", env=env)
    return out.split('"token": "')[1].split('"')[0]


def main():
    folder = tempfile.mkdtemp(prefix="docket-api-")
    env = dict(os.environ, DOCKET_DB=os.path.join(folder, "docket.db"), DOCKET_ACTOR="p-admin")
    run("init", "--workflows", os.path.join(ROOT, "Workflows"), "--simulation", "--at", "2026-11-20", env=env)
    run("org", "import", os.path.join(ROOT, "Examples/org-tree.yaml"), env=env)
    run("person", "import", os.path.join(ROOT, "Examples/people.csv"), env=env)
    for n in range(3):
        run("case", "start", "service-request", "--org", "东村第一网格", "--as", "p-intake",
            "--at", f"2026-11-22T09:3{n}", "--set", "点单群众=张大爷", "--set", "联系电话=13800000000",
            "--set", "服务类别=维修", "--set", "需求描述=漏水", "--set", "紧急程度=水电气暖", env=env)
    run("case", "fire", "SR-000001", "支部派单", "--as", "p-secretary", "--at", "2026-11-22T09:45",
        "--set", "接单党员=李明", env=env)
    people = {"p-admin": token("p-admin", env), "p-secretary": token("p-secretary", env)}
    port = free_port()
    server = subprocess.Popen([DOCKET, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failed = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz")
        for person, secret in people.items():
            result = subprocess.run(
                ["schemathesis", "--config-file", os.path.join(ROOT, "Tests/API/schemathesis.toml"), "run",
                 base + "/openapi.json", "-H", f"Authorization: Bearer {secret}", "--checks", "all",
                 "--max-examples", "40", "--seed", SEED, "--no-color"],
                capture_output=True, text=True)
            summary = [line for line in result.stdout.splitlines() if " in " in line and "==" in line]
            print(f"{'ok  ' if result.returncode == 0 else 'FAIL'} schemathesis as {person}: "
                  f"{summary[-1].strip('= ') if summary else 'no summary'}")
            if result.returncode != 0:
                print(result.stdout[-20000:])
                failed.append(person)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failed:
        sys.exit(f"API contract test: schemathesis found failures as {', '.join(failed)}")
    print("API contract test: schemathesis found nothing")


if __name__ == "__main__":
    main()
