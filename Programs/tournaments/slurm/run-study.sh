#!/usr/bin/env bash
# Runs a tournament as N Slurm array tasks, waits for them, and merges the shards.
#   run-study.sh N OUTDIR TOURNAMENT-ARGUMENTS...   (e.g. 8 shards Programs/tournaments/Demands.bargain)
# The merged report goes to stdout; add output options (--json, --csv, --html FILE) to the merge
# line below as needed. Extra sbatch options (partition, time, account) come from SBATCH_* variables.
set -euo pipefail
count="$1"
out="$2"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$out"
rm -f "$out"/shard-*.json
sbatch --wait --quiet --array="1-$count" --chdir="$PWD" --output="$out/shard-%a.log" \
  "$here/shard.sbatch" "$out" "$@"
"${BARGAIN:-bargain}" merge "$out"/shard-*.json
