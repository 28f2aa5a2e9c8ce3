#!/usr/bin/env bash
# The documentation: a DocC archive for each library product's module (DocketCore,
# DocketYAML, DocketEngine, DocketApplication, DocketMessages, DocketSQLite, and any
# library added later), written to .build/plugins/Swift-DocC/outputs/. Fails when DocC
# or the compiler prints a warning or an error: a link to a symbol that does not exist,
# a parameter documented that a function does not have, one left out. Arguments go to
# the plugin (`--transform-for-static-hosting`, say). The code samples of the articles
# are run by `swift test --filter DocumentationExample`.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=$(swift package dump-package | python3 -c '
import json, sys
package = json.load(sys.stdin)
for product in package["products"]:
    if "library" in product["type"]:
        print("\n".join(product["targets"]))
' | sort -u)
targets=()
for module in $modules; do targets+=(--target "$module"); done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$SECONDS
if ! swift package --disable-sandbox generate-documentation "${targets[@]}" "$@" >"$log" 2>&1; then
    cat "$log"
    echo "docs: generate-documentation failed" >&2
    exit 1
fi
# A dependency's package may hold files SwiftPM does not build (swift-distributed-tracing
# has one); that is its authors' to fix, and says nothing of this project's documentation.
grep -v -E "^warning: '[a-z0-9-]+': found [0-9]+ file\(s\) which are unhandled" "$log" >"$log.own" || true
mv "$log.own" "$log"
# A diagnostic is its line, then where it is and the source around it.
if grep -q -E "(warning|error):" "$log"; then
    grep -E -A4 "(warning|error):" "$log"
    echo "docs: $(grep -c -E "(warning|error):" "$log") warnings or errors" >&2
    exit 1
fi
echo "docs: $(echo $modules | wc -w) modules, no warnings ($((SECONDS - start)) s): .build/plugins/Swift-DocC/outputs/"
