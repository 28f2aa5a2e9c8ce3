#!/usr/bin/env bash
# The test command: installs what is missing, builds the docket binary the CLI tests
# drive, runs each fuzz target briefly, then every test (Swift Testing), then schemathesis
# against docket serve's OpenAPI document, then the browser test in headless Chromium.
# A throwaway PostgreSQL server runs for the tests (DOCKET_TEST_POSTGRES), so the store
# conformance suite runs on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
postgres_dir=$(mktemp -d)
trap 'scripts/postgres.sh stop "$postgres_dir"; rm -rf "$postgres_dir"' EXIT
DOCKET_TEST_POSTGRES=$(scripts/postgres.sh start "$postgres_dir")
export DOCKET_TEST_POSTGRES
swift build
# Every reader of untrusted input under the fuzzer for a few seconds: a crash fails the run.
scripts/fuzz.sh all 8
# SIGKILL at random points of an import, a tick storm and an organisation move.
python3 scripts/crash-test.py --points 5 --cases 3000
swift test
# The API against its OpenAPI document, every schemathesis check, as two people.
python3 Tests/API/api_contract_test.py .build/debug/docket
# A clerk, a secretary, a member on a phone and a supervisor, through the web pages.
python3 Tests/Browser/browser_test.py .build/debug/docket
