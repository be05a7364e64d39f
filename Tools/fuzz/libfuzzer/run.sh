#!/usr/bin/env bash
# Runs the front-end libFuzzer target for SECONDS (default 30): builds it first, starts from the
# example programs and the golden files, keeps the growing corpus in build/corpus, and writes any
# crashing input to fuzz-out/libfuzzer/. Exits nonzero on a finding.
#   Tools/fuzz/libfuzzer/run.sh [SECONDS] [extra libFuzzer flags, e.g. -jobs=2 -seed=7]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
seconds="${1:-30}"
shift || true
"$here/build.sh"
artifacts="$repo/fuzz-out/libfuzzer"
mkdir -p "$artifacts" "$here/build/corpus"
# Caps as in the process fuzzer: 10 s per input, 2 GiB; inputs up to 64 KiB (the lexer's and
# parser's limits are exercised by Tools/fuzz/fuzz.py with larger files).
"$here/build/bargain-fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$here/bargain.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" \
  "$here/build/corpus" "$here/build/seeds"
