#!/usr/bin/env bash
# Writes the manual pages from the commands themselves: docs/man/docket.1 in English and
# docs/man/zh/docket.1 in Chinese. swift-argument-parser's generate-manual tool reads
# `docket --experimental-dump-help`. Run it after changing a command, an option or its
# help; a test checks that every command and option is in both pages.
#
#   scripts/man.sh            then: man -l docs/man/docket.1   (or docs/man/zh/docket.1)
#
# The manual writer drops characters outside ASCII, so the Chinese page is written from a
# dump whose every other character is spelt as an ASCII token (U+4E2D as ZQU4E2DQZ) and
# the tokens are turned back into UTF-8 afterwards. The first run builds the tool through
# the package plugin (a few minutes).
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

# The Chinese page: the tool runs this stand-in for docket, which prints the Chinese help
# dump with its non-ASCII characters as tokens.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/out" docs/man/zh
cat >"$work/bin/docket" <<STANDIN
#!/usr/bin/env bash
LANG=zh_CN.UTF-8 "$PWD/.build/debug/docket" --experimental-dump-help --lang zh |
    perl -CSD -pe 's/([^\x00-\x7f])/sprintf("ZQU%04XQZ", ord(\$1))/ge'
STANDIN
chmod +x "$work/bin/docket"
"$tool" "$work/bin/docket" --date 2026-12-07 --authors Docket --output-directory "$work/out"
# Chinese has no spaces to break a line at: each CJK character is followed by \: (a
# break point that prints nothing), so that man wraps Chinese text as it wraps English.
perl -CSD -pe 's/ZQU([0-9A-F]{4,6})QZ/my $c = hex($1); chr($c) . (($c >= 0x3000 && $c <= 0x9FFF) || ($c >= 0xFF00 && $c <= 0xFFEF) ? "\\:" : "")/ge' \
    "$work/out/docket.1" >docs/man/zh/docket.1
