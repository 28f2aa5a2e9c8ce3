#!/usr/bin/env bash
# The main job: builds docket and walks service requests through an example county on
# the embedded SQLite store, printing what a clerk would see.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product docket
DOCKET="$(swift build -c release --show-bin-path)/docket" Examples/service-request/walkthrough.sh
