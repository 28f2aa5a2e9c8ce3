#!/usr/bin/env bash
# The test command: installs what is missing, builds the docket binary the CLI tests
# drive, and runs every test (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build
swift test
