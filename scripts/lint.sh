#!/usr/bin/env bash
# The code's form: swift-format's lint (.swift-format: 4-space indents, 120 columns)
# over every Swift file, a build in which any warning is an error, and the documentation
# with no DocC warning. The build has a scratch folder of its own, so that the test
# build's flags stay as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --recursive --strict Package.swift Sources Tests Fuzz
swift build --scratch-path .build-lint -Xswiftc -warnings-as-errors
# Every library module's DocC catalog and doc comments, with no warning.
scripts/docs.sh
