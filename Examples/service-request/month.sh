#!/usr/bin/env bash
# 城关镇, November 2026: 300 service requests over six villages, generated from a seed and
# driven through the engine on simulated time (orders, dispatches, declines, silences the
# timer returns, late work the timer escalates, ratings, requests closed unrated), then
# the township supervisor's report by village and a dispatch suggestion.
# DOCKET and DOCKET_SIMULATE name the binaries (default: the debug builds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
docket="${DOCKET:-$root/.build/debug/docket}"
simulate="${DOCKET_SIMULATE:-$(dirname "$docket")/docket-simulate}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOCKET_DB="${DOCKET_DB:-$work/docket.db}"
export LANG="${LANG:-zh_CN.UTF-8}"

"$docket" init --workflows "$root/Workflows" --at 2026-10-31 --simulation > /dev/null
"$docket" org import "$here/township.yaml" > /dev/null
"$docket" person import "$here/township-people.csv" > /dev/null
"$simulate" --org chengguan --month 2026-11 --requests 300 --seed 7
echo
"$docket" report service --by village --from 2026-11-01 --to 2026-11-30 --as p-sun --at 2026-11-30T23:59
echo
echo "月底仍待派单的一件，派单建议 · a request still waiting at the month's end, and who could take it:"
waiting=$("$docket" case list --state ordered --as p-sun --json --at 2026-11-30T23:59 | python3 -c 'import json,sys; rows=json.load(sys.stdin); print(rows[0]["id"] if rows else "")')
if [ -n "$waiting" ]; then
    "$docket" dispatch suggest "$waiting" --as p-sun --at 2026-11-30T23:59
fi
