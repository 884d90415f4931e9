#!/usr/bin/env bash
# Builds and runs one libFuzzer target: Fuzz/run.sh QuickDrawFuzz|NumPyFuzz SECONDS
#
# The entry (Fuzz/NAME/main.swift) is compiled with swiftc -sanitize=fuzzer,address together with the reader's
# source files (those that need neither cairo nor ZIPFoundation). The corpus starts from the test fixtures and is
# kept in .build/fuzz/NAME/corpus; crashes land in .build/fuzz/NAME/ as crash-*. Environment overrides:
# FOVEA_FUZZ_SOURCES (default Sources/FoveaData), FOVEA_FUZZ_FIXTURES (default Tests/FoveaDataTests/Fixtures),
# SWIFTC (default swiftc).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: Fuzz/run.sh QuickDrawFuzz|NumPyFuzz SECONDS}
seconds=${2:?usage: Fuzz/run.sh QuickDrawFuzz|NumPyFuzz SECONDS}
sources=${FOVEA_FUZZ_SOURCES:-Sources/FoveaData}
fixtures=${FOVEA_FUZZ_FIXTURES:-Tests/FoveaDataTests/Fixtures}
case "$name" in
    QuickDrawFuzz)
        files=("$sources"/QuickDraw/{QuickDrawError,QuickDrawDrawing,QuickDrawJSON,QuickDrawLine,QuickDrawReader}.swift)
        seeds=("$fixtures"/quickdraw/*.ndjson) ;;
    NumPyFuzz)
        files=("$sources"/Arrays/{NumPyError,NumPyDType,NumPyHeader,NumPyHeaderLiteral,NumPyArray,NumPyArray+Values}.swift)
        seeds=("$fixtures"/npy/*.npy) ;;
    *) echo "unknown fuzz target $name (QuickDrawFuzz or NumPyFuzz)" >&2; exit 2 ;;
esac
work=.build/fuzz/$name
mkdir -p "$work/corpus"
cp -n "${seeds[@]}" "$work/corpus/"
"${SWIFTC:-swiftc}" -parse-as-library -sanitize=fuzzer,address -O -g -module-name "$name" \
    "Fuzz/$name/main.swift" "${files[@]}" -o "$work/$name" 2> >(grep -v "Cannot export local symbol" >&2)
cd "$work"
exec "./$name" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=./ corpus
