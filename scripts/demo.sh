#!/usr/bin/env bash
# The main job: builds docket and walks cases through an example county on the embedded
# SQLite store — a day and a half of service requests, three applicants for Party
# membership over three years, a simulated month of 300 requests in one township, and a
# county's year-long rectification campaign — printing what clerks and supervisors see.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product docket
swift build -c release --product docket-simulate
export DOCKET="$(swift build -c release --show-bin-path)/docket"
Examples/service-request/walkthrough.sh
Examples/member-development/branch-years.sh
Examples/service-request/month.sh
Examples/branch-rectification/county-year.sh
Examples/migration/revise-member-development.sh
