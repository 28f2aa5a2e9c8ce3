#!/usr/bin/env bash
# 群众点单、支部派单、党员接单、群众评单 — one simulated day and a half in 东村, on a
# fresh store. Every command gives --at, so the run is the same whenever it is made.
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

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s━━ %s%s\n' "$bold" "$*" "$plain"; }
# Shows the command as a clerk would type it, then runs it.
run() { printf '$ docket %s\n' "$*"; "$docket" "$@"; }
# Runs a command that Docket is expected to refuse, and shows its exit status.
refused() {
    printf '$ docket %s\n' "$*"
    if "$docket" "$@"; then echo "(unexpectedly accepted)"; exit 1; else echo "→ exit status $?"; fi
}

step "建库并部署工作流 · create the store and deploy the workflows"
run init --workflows "$root/Workflows" --at 2026-11-20 --simulation
run org import "$here/../org-tree.yaml"
run person import "$here/../people.csv"
run org tree chengguan --as p-admin

step "王受理为张大爷点单 · the intake clerk takes a request"
run case start service-request --org dongcun-g1 --as p-intake --at 2026-11-22T09:30 \
    --set requester=张大爷 --set phone=13800000000 --set category=repair \
    --set description=自来水管漏水 --set urgency=utility

step "派单前，字段写错会被指出 · a mistyped field is named, nothing is written"
refused case fire SR-000001 dispatch --as p-secretary --at 2026-11-22T09:40 --set asignee=p-li

step "支部派给李明 · the branch dispatches to 李明"
run case fire SR-000001 dispatch --as p-secretary --at 2026-11-22T09:45 --set assignee=p-li

step "陈刚不能替李明接单 · only the assignee may accept"
refused case fire SR-000001 accept --as p-chen --at 2026-11-22T09:50

step "西村书记不能处理东村的案件 · another village's secretary may not touch it"
refused case fire SR-000001 escalate --as p-xi --at 2026-11-22T09:55 --set reason=代为上报

step "李明接单、办结 · 李明 accepts and completes"
run case fire SR-000001 accept --as p-li --at 2026-11-22T10:00 > /dev/null
run case fire SR-000001 complete --as p-li --at 2026-11-22T15:20 --set result=已更换水管阀门 > /dev/null

step "回访：不满意，重新办理 · an unsatisfied rating reopens the request"
run case fire SR-000001 rate --as p-intake --at 2026-11-23T09:00 --set rating=5
run case fire SR-000001 complete --as p-li --at 2026-11-23T11:00 --set result=重新铺设管道 > /dev/null
run case fire SR-000001 rate --as p-intake --at 2026-11-23T16:00 --set rating=1

step "第二件：村里解决不了，吹哨上报到镇 · a second request is escalated to the township"
run case start service-request --org dongcun --as p-intake --at 2026-11-22T11:00 \
    --set requester=刘阿姨 --set phone=13900000000 --set category=law \
    --set description=宅基地纠纷 --set urgency=complex > /dev/null
run case fire SR-000002 escalate --as p-secretary --at 2026-11-22T14:00 --set reason=涉及两村边界，需镇里协调
run case list --org chengguan --as p-sun --at 2026-11-23T17:00

step "第三件：紧急求助，派单后无人接单 · an emergency dispatched but never accepted"
run case start service-request --org xicun-g1 --as p-intake --at 2026-11-23T08:00 \
    --set requester=陈大爷 --set phone=13700000000 --set category=medical \
    --set description=老人摔倒需送医 --set urgency=emergency > /dev/null
run case fire SR-000003 dispatch --as p-xi --at 2026-11-23T08:20 --set assignee=p-wu > /dev/null

step "督查：城关镇有哪些事项逾期 · the township supervisor asks what is overdue"
run overdue --org chengguan --as p-sun --at 2026-11-24T09:00
run due-soon --org chengguan --within 3days --as p-sun --at 2026-11-24T09:00
echo "东村的书记只看得到东村（已上报到镇的不在其中）· the 东村 secretary sees only 东村:"
run overdue --as p-secretary --at 2026-11-24T09:00

step "定时任务：超时未接单退回待派 · the timer returns the unanswered dispatch"
run tick --at 2026-11-24T09:00 --as p-admin
run case show SR-000003 --as p-xi --at 2026-11-24T09:00

step "全程纪实 · the full record, and the audit chain"
run case history SR-000001 --as p-sun
run audit denied --as p-admin
run audit verify --as p-admin

step "签名检查点：链头签名后留存于数据库之外 · a signed checkpoint of the head, kept outside the store"
run audit keygen --out "$work/county.key"
run audit checkpoint --key "$work/county.key" --out "$work/checkpoints.txt" --as p-admin
run audit verify --checkpoints "$work/checkpoints.txt" --public-key "$work/county.key.pub" --as p-admin
