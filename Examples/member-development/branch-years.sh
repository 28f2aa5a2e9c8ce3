#!/usr/bin/env bash
# 发展党员 in 东村党支部, 2025–2027, on simulated time: 王小明 is admitted on time, 李青's
# probation is extended by six months, 张华 is not admitted after a failed vote. Prints
# the overdue list at a few instants and 王小明's whole timeline.
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
# The branch secretary records the branch's steps; the township committee (钱书记)
# pre-reviews, talks, approves and files.
committee_steps=" pre-review committee-talk approve file-approval approve-full "

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s━━ %s%s\n' "$bold" "$*" "$plain"; }
quiet() { "$docket" "$@" > /dev/null; }
# fire CASE EVENT DAY [FIELD=VALUE...]
fire() {
    local id=$1 event=$2 day=$3; shift 3
    local sets=() actor=p-secretary
    for kv in "$@"; do sets+=(--set "$kv"); done
    case "$committee_steps" in *" $event "*) actor=p-town ;; esac
    quiet case fire "$id" "$event" --as "$actor" --at "$day" "${sets[@]}"
}

quiet init --workflows "$root/Workflows" --at 2025-01-01 --simulation
quiet org import "$here/../org-tree.yaml"
quiet person import "$here/../people.csv"

step "2025 年初，三人递交入党申请书 · three applications in January 2025"
for who in 王小明:MD-WANG:1996-04-12 李青:MD-LI:1999-09-30 张华:MD-ZHANG:2001-01-15; do
    IFS=: read -r name id born <<< "$who"
    quiet case start member-development --org dongcun --id "$id" --as p-secretary --at 2025-01-06 --set "name=$name" --set "birth-date=$born"
done
fire MD-WANG talk 2025-01-20 talker=p-secretary
fire MD-LI talk 2025-01-22 talker=p-secretary
echo "张华的谈话拖到了二月底 · 张华's talk slips to the end of February:"
"$docket" overdue --org dongcun --as p-secretary --at 2025-02-07
fire MD-ZHANG talk 2025-02-27 talker=p-secretary

step "确定为入党积极分子，培养考察一年 · a year as activists"
for id in MD-WANG MD-LI MD-ZHANG; do
    fire "$id" name-activist 2025-03-03 recommended-by=party-members
    fire "$id" file-activist 2025-03-05
    fire "$id" assign-mentors 2025-03-05 mentors=p-li
    fire "$id" assess 2025-08-25 assessment=表现良好
done
echo "2026 年 2 月，李青的第二次考察逾期 · in February 2026 李青's second assessment is late:"
fire MD-WANG assess 2026-02-10
fire MD-ZHANG assess 2026-02-12
"$docket" overdue --org dongcun --as p-secretary --at 2026-02-27
fire MD-LI assess 2026-02-27

step "列为发展对象、政审、培训、预审 · candidates, review, training, pre-review"
for id in MD-WANG MD-LI MD-ZHANG; do
    fire "$id" name-candidate 2026-03-03
    fire "$id" file-candidate 2026-03-05
    fire "$id" assign-introducers 2026-03-06 introducers=p-li,p-zhou
    fire "$id" political-review 2026-04-01 review-result=passed conclusion=政治审查合格
    fire "$id" training 2026-04-10 training-days=3
    fire "$id" committee-review 2026-04-15
    fire "$id" pre-review 2026-04-20 pre-review-result=passed
    fire "$id" fill-form 2026-04-25
done

step "支部大会 2026-05-10：应到 9 人 · the branch meeting: 9 voting members should attend"
fire MD-WANG branch-vote 2026-05-10 eligible-voters=9 present-voters=8 yes-votes=8
fire MD-LI branch-vote 2026-05-10 eligible-voters=9 present-voters=8 yes-votes=6
fire MD-ZHANG branch-vote 2026-05-10 eligible-voters=9 present-voters=8 yes-votes=4
echo "张华只得 4 票，未过应到人数的半数 · 张华 has 4 yes votes, not more than half of 9:"
"$docket" case show MD-ZHANG --as p-secretary --at 2026-05-10 | head -4
fire MD-ZHANG decline 2026-06-15 reason=支部大会未通过
for id in MD-WANG MD-LI; do
    fire "$id" committee-talk 2026-05-20
done
fire MD-WANG approve 2026-06-01
echo "李青的审批拖过了三个月 · 李青's approval runs past three months:"
"$docket" overdue --org chengguan --as p-town --at 2026-08-15
fire MD-LI approve 2026-08-20

step "预备期 · probation"
for id in MD-WANG MD-LI; do
    fire "$id" file-approval 2026-09-01
    fire "$id" join-branch 2026-09-01
    fire "$id" oath 2026-09-10
    fire "$id" assess 2026-11-05
    fire "$id" assess 2027-04-20
    fire "$id" apply-full 2027-04-25
done
fire MD-WANG full-vote 2027-05-10 eligible-voters=9 present-voters=9 yes-votes=9 decision=full
fire MD-LI full-vote 2027-05-10 eligible-voters=9 present-voters=9 yes-votes=7 decision=extend extension-months=6
fire MD-WANG approve-full 2027-06-10
fire MD-LI approve-full 2027-06-10
"$docket" case show MD-LI --as p-secretary --at 2027-06-10 | sed -n '1,4p'
fire MD-WANG archive 2027-06-15

step "王小明的全程纪实 · 王小明's whole record"
"$docket" case show MD-WANG --as p-secretary --at 2027-06-15 | head -4
"$docket" case history MD-WANG --as p-secretary
echo
step "镇党委看全镇 · the township committee's report, by village"
"$docket" report stages --workflow member-development --by village --year 2026 --as p-town --at 2026-12-31
echo
"$docket" audit verify --as p-admin
