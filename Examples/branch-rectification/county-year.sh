#!/usr/bin/env bash
# 示范县, 2026: twenty townships of five villages each. The 2025 grading (分类定级) finds
# the lagging branches; the county organisation department starts one rectification
# campaign for them; through the year branches plan, report, close their measures and
# are accepted — some fail the county's acceptance and start a second round. The
# campaign's status is printed by township at three instants.
# DOCKET names the binary (default: the debug build); DOCKET_DB the store.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
docket="${DOCKET:-$root/.build/debug/docket}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOCKET_DB="${DOCKET_DB:-$work/docket.db}"
export LANG="${LANG:-zh_CN.UTF-8}"
quiet() { "$docket" "$@" > /dev/null; }

# The county: townships t01…t20, villages t01-v1…t20-v5; a committee member per
# township, a secretary per village.
names=(城关 河口 东岭 西川 南塘 北坡 石桥 柳林 青山 白沙 红岩 金田 杏花 桃园 松林 平安 新华 长乐 永丰 太平)
{
    echo "id,name,parent,kind"
    echo "county,示范县,,county"
    for t in $(seq 1 20); do
        tid=$(printf 't%02d' "$t")
        echo "$tid,${names[$((t - 1))]}镇,county,township"
        for v in 1 2 3 4 5; do echo "$tid-v$v,${names[$((t - 1))]}镇第${v}村,$tid,village"; done
    done
} > "$work/orgs.csv"
{
    echo "id,name,org,roles,status"
    echo "p-admin,县委组织部,county,admin;org-department;supervisor,full"
    echo "p-county,县委,county,county-committee,full"
    for t in $(seq 1 20); do
        tid=$(printf 't%02d' "$t")
        echo "$tid-committee,${names[$((t - 1))]}镇党委,$tid,township-committee,full"
        for v in 1 2 3 4 5; do echo "$tid-v$v-sec,${names[$((t - 1))]}镇第${v}村书记,$tid-v$v,branch-secretary,full"; done
    done
} > "$work/people.csv"
# 2025 scores: most branches do well; every township has one or two lagging ones.
{
    echo "org,score"
    for t in $(seq 1 20); do
        for v in 1 2 3 4 5; do
            score=$(( 62 + (t * 7 + v * 13) % 36 ))
            if [ "$v" -eq 5 ] || { [ "$v" -eq 4 ] && [ $((t % 3)) -eq 0 ]; }; then score=$(( 40 + (t * 3 + v) % 18 )); fi
            printf 't%02d-v%d,%d\n' "$t" "$v" "$score"
        done
    done
} > "$work/scores.csv"

quiet init --workflows "$root/Workflows" --at 2026-01-01 --simulation
quiet org import "$work/orgs.csv"
quiet person import "$work/people.csv"
quiet grading import "$work/scores.csv" --year 2025 --as p-admin
echo "2025 年分类定级为后进的党组织 · the branches graded lagging in 2025:"
"$docket" grading list --year 2025 --lowest --as p-admin --at 2026-01-10 | tail -n +1 | head -8
echo "  …"
"$docket" grading campaign 2026年软弱涣散整顿 --year 2025 --as p-admin --at 2026-01-10

cases=$("$docket" case list --workflow branch-rectification --as p-admin --json --at 2026-01-10 |
    python3 -c 'import json,sys; print(" ".join(r["id"] + ":" + r["org"] for r in json.load(sys.stdin)))')

fire() { # CASE EVENT DAY ACTOR [--set X=Y | --item …]...
    local id=$1 event=$2 day=$3 actor=$4; shift 4
    quiet case fire "$id" "$event" --as "$actor" --at "$day" "$@"
}
status() {
    echo
    echo "━━ 活动进度 $1 · campaign status by township"
    "$docket" campaign status 2026年软弱涣散整顿 --by township --as p-admin --at "$1" | head -12
    echo "  …"
}

# The year runs in three phases, every branch moving through each before the status is
# printed, so that each status shows the campaign as it stood on that day.
phase() {
    local n=0
    for entry in $cases; do
        local id=${entry%%:*} org=${entry#*:}
        local town=${org%%-v*}
        local sec="$org-sec" committee="$town-committee"
        n=$((n + 1))
        case "$1" in
        winter)
            if [ $((n % 10)) -eq 0 ]; then fire "$id" dismiss 2026-01-20 p-county --set reason=研判后不列入; continue; fi
            fire "$id" confirm 2026-01-20 p-county
            # Some plans come after the one-month limit (due 2026-02-20).
            fire "$id" submit-plan "$(printf '2026-02-%02d' $(( 5 + n % 20 )))" "$sec" --set problems=班子软弱、组织生活不正常 \
                --item "title=配强支部班子; responsible=$sec; due=2026-05-31" \
                --item "title=规范三会一课; responsible=$sec; due=2026-07-31"
            fire "$id" assign-helpers 2026-02-26 "$committee" --set helpers=county-leader,township-leader,first-secretary,paired-unit
            ;;
        spring)
            [ $((n % 10)) -eq 0 ] && continue
            fire "$id" start 2026-03-01 "$sec"
            for month in 04 05; do fire "$id" report-progress "2026-$month-01" "$sec" --set progress=按计划推进; done
            fire "$id" close-measure 2026-05-20 "$sec" --set item=M1
            fire "$id" report-progress 2026-06-01 "$sec" --set progress=按计划推进
            ;;
        autumn)
            [ $((n % 10)) -eq 0 ] && continue
            fire "$id" report-progress 2026-07-01 "$sec" --set progress=按计划推进
            [ $((n % 4)) -eq 0 ] && continue                  # a quarter are still at work in the winter
            fire "$id" close-measure 2026-07-20 "$sec" --set item=M2
            fire "$id" request-acceptance 2026-08-01 "$sec"
            fire "$id" township-pass 2026-08-10 "$committee"
            if [ $((n % 5)) -eq 0 ]; then                      # the county finds some not good enough
                fire "$id" county-accept 2026-09-01 p-admin --set score=65 --set dissatisfied-votes=20 --set total-votes=80
            else
                fire "$id" county-accept 2026-09-01 p-admin --set score=$(( 72 + n % 20 )) --set dissatisfied-votes=$(( n % 10 )) --set total-votes=80
            fi
            ;;
        esac
    done
}

phase winter
status 2026-03-01
phase spring
status 2026-07-01
phase autumn
status 2026-12-31
echo
echo "━━ 全县逾期事项（前 8 项）· the county's most overdue items on 2026-12-31"
"$docket" overdue --workflow branch-rectification --limit 8 --as p-admin --at 2026-12-31
