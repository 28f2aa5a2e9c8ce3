#!/usr/bin/env bash
# docket serve on the demo store: the example county after the service-request
# walkthrough (Examples/service-request/walkthrough.sh), with the password
# docket-demo-2026 for each of its people, served at http://127.0.0.1:8080/ until Ctrl-C.
# The store is ./demo.db (DOCKET_DB names another); an existing one is served as it is.
# A simulation store: a page may name its "now" in the X-Docket-Now header, and
# `--at` (DOCKET_NOW) fixes every request's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product docket
export DOCKET="$(swift build -c release --show-bin-path)/docket"
export DOCKET_DB="${DOCKET_DB:-$PWD/demo.db}"
if [ ! -e "$DOCKET_DB" ]; then
    Examples/service-request/walkthrough.sh >/dev/null
    for person in $(tail -n +2 Examples/people.csv | cut -d, -f1); do
        echo "docket-demo-2026" | DOCKET_ACTOR=p-admin "$DOCKET" person password "$person" >/dev/null
    done
    echo "demo store $DOCKET_DB: log in as p-secretary, p-li, p-intake, p-admin … with the password docket-demo-2026" >&2
fi
exec "$DOCKET" serve --port "${PORT:-8080}" "$@"
