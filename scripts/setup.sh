#!/usr/bin/env bash
# Installs the system packages Docket needs to build and run, when they are missing.
# GRDB links the system SQLite (libsqlite3-dev); the deployment time zone comes from tzdata.
# The browser test of docket serve drives Debian's headless Chromium through its driver
# (chromium, chromium-driver; fonts-noto-cjk draws the Chinese of its screenshot) with
# selenium from PyPI; schemathesis from PyPI checks the API against its OpenAPI
# document. docket-bench's W5 (and its smoke test) loads docket serve with wrk.
# The store conformance suite and a CLI test also run on a throwaway PostgreSQL server
# (scripts/postgres.sh) from Debian's postgresql.
set -euo pipefail
needed=(libsqlite3-dev tzdata python3 chromium chromium-driver fonts-noto-cjk wrk postgresql)
missing=()
for package in "${needed[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: please install: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q "selenium==4.*"
# The API contract test runs schemathesis against docket serve's OpenAPI document.
command -v schemathesis >/dev/null || python3 -m pip install -q "schemathesis==4.32.5"
command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
