#!/usr/bin/env bash
# Writes docs/man/docket.1, the manual page, from the commands themselves: swift-argument-
# parser's generate-manual tool reads `docket --experimental-dump-help`. Run it after
# changing a command, an option or its help; a test checks that every command is in it.
#
#   scripts/man.sh            then: man -l docs/man/docket.1
#
# The page is English: the manual writer drops characters outside ASCII, so the Chinese
# help (`docket --help`, the default) is read on the terminal. The first run builds the
# tool through the package plugin (a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product docket >&2
tool=$(find .build -path '*/debug/generate-manual-tool' -type f 2>/dev/null | head -1)
if [ -z "$tool" ]; then
    # The plugin builds the tool; what it writes into its own folder is not used.
    swift package --allow-writing-to-package-directory generate-manual >&2 || true
    tool=$(find .build -path '*/debug/generate-manual-tool' -type f | head -1)
fi
LANG=en_US.UTF-8 "$tool" .build/debug/docket --date 2026-12-07 --authors Docket --output-directory docs/man
