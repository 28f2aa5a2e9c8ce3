#!/usr/bin/env bash
# Runs one libFuzzer target (or all) against Docket's readers of untrusted input.
#
#   scripts/fuzz.sh TARGET SECONDS     TARGET: workflow expression directory calendar parameters import, or all
#
# Builds Fuzz/ with --sanitize=fuzzer (into .build-fuzz) and links it by hand: libFuzzer
# brings its own main, which SwiftPM's link step cannot take. Each target starts from a
# corpus seeded with the project's own files (Workflows/, Examples/, Fuzz/seeds/) and
# replays Fuzz/regressions/TARGET/, the inputs that once crashed. A crash is written to
# .build-fuzz/artifacts/TARGET/ and the script fails: add the input to
# Fuzz/regressions/TARGET/ and a test that pins its fix.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(workflow expression directory calendar parameters import)
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS (TARGET: ${targets[*]} or all)}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
if [ "$target" = all ]; then
    for each in "${targets[@]}"; do "$0" "$each" "$seconds"; done
    exit 0
fi
case " ${targets[*]} " in *" $target "*) ;; *) echo "fuzz: unknown target '$target' (${targets[*]})" >&2; exit 64 ;; esac

scratch=.build-fuzz
binary=$scratch/docket-fuzz
mkdir -p "$scratch"
# One build at a time: two fuzzers started together would build over each other.
(
    flock 9
    swift build --package-path Fuzz --scratch-path "$scratch" -c release --sanitize=fuzzer --product DocketFuzz >&2
    swiftc -sanitize=fuzzer @"$scratch/release/DocketFuzz.product/Objects.LinkFileList" -o "$binary.new"
    mv "$binary.new" "$binary"
) 9>"$scratch/build.lock"

corpus=$scratch/corpus/$target
artifacts=$scratch/artifacts/$target
regressions=Fuzz/regressions/$target
mkdir -p "$corpus" "$artifacts" "$regressions"
seed() { for file in "$@"; do [ -f "$file" ] && cp "$file" "$corpus/seed-$(basename "$file")"; done; return 0; }
case "$target" in
    workflow) seed Workflows/*.yaml ;;
    calendar) seed Workflows/calendars/*.yaml Examples/calendars/*.yaml ;;
    directory) seed Examples/*.yaml Examples/*.csv Examples/service-request/*.yaml Examples/service-request/*.csv ;;
    parameters) seed Fuzz/seeds/parameters/* ;;
    import) seed Fuzz/seeds/import/* ;;
    expression)
        # Eight bytes of seed for the data, then a rule of a shipped workflow.
        grep -ho 'rule: .*' Workflows/*.yaml | sed 's/^rule: //' | head -40 | nl -ba | while read -r number rule; do
            printf 'seedseed%s' "$rule" > "$corpus/seed-rule-$number"
        done ;;
esac

echo "fuzz: $target for ${seconds}s" >&2
DOCKET_FUZZ_TARGET=$target DOCKET_FUZZ_WORKFLOWS=$PWD/Workflows "$binary" \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="Fuzz/dictionaries/$target.dict" -artifact_prefix="$artifacts/" "$corpus" "$regressions"
