#!/usr/bin/env bash
# Installs the system packages Docket needs to build and run, when they are missing.
# GRDB links the system SQLite (libsqlite3-dev); the deployment time zone comes from tzdata.
set -euo pipefail
needed=(libsqlite3-dev tzdata python3)
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
command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
