#!/usr/bin/env bash
# 发展党员 under the revised rules: three applicants in 东村 are under way on version 1
# when the county adopts version 2 (the reported 2026 revision switched on, the state
# 已谈话 renamed `talk-held`). A dry run first says what would change for each case; the
# real run moves them, each on the audit trail; the activist's next steps now include the
# public notice the revision asks for before a candidate is named.
# DOCKET names the binary (default: the debug build); DOCKET_DB the store (default: a
# temporary file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
docket="${DOCKET:-$root/.build/debug/docket}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOCKET_DB="${DOCKET_DB:-$work/docket.db}"
export LANG="${LANG:-zh_CN.UTF-8}"
export DOCKET_ACTOR=p-admin

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s━━ %s%s\n' "$bold" "$*" "$plain"; }
run() { printf '$ docket %s\n' "$*"; "$docket" "$@"; }
quiet() { "$docket" "$@" > /dev/null; }

quiet init --workflows "$root/Workflows" --at 2026-01-01 --simulation
quiet org import "$here/../org-tree.yaml"
quiet person import "$here/../people.csv"
for who in 周敏:MD-ZHOU:1998-03-02 吴刚:MD-WU:2000-07-19 郑洁:MD-ZHENG:1997-11-08; do
    IFS=: read -r name id born <<< "$who"
    quiet case start member-development --org dongcun --id "$id" --as p-secretary --at 2026-01-05 \
        --set "name=$name" --set "birth-date=$born"
done
quiet case fire MD-WU talk --set talker=p-secretary --as p-secretary --at 2026-01-19
quiet case fire MD-ZHENG talk --set talker=p-secretary --as p-secretary --at 2026-01-12
quiet case fire MD-ZHENG name-activist --set recommended-by=party-members --as p-secretary --at 2026-02-02

step "县委组织部部署第 2 版 · the county deploys version 2"
run workflow deploy "$root/Workflows/revisions/member-development-v2.yaml"

step "试运行：已谈话的状态在新版本中改名，须指明去向 · a dry run names the state that has no home"
run case migrate --workflow member-development --to-version 2 --at 2026-03-01 || true

step "指明 talked=talk-held 再试 · with the mapping, every case can move"
run case migrate --workflow member-development --to-version 2 --map talked=talk-held --at 2026-03-01

step "确认执行 · moved, each in its own transaction on the trail"
run case migrate --workflow member-development --to-version 2 --map talked=talk-held --yes --at 2026-03-01
run case show MD-WU --at 2026-03-01
run case history MD-WU
run audit verify
