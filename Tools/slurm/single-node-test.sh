#!/usr/bin/env bash
# CI: a one-node Slurm cluster on this machine runs a study as an array job of shards; the merged
# report must be the same bytes as the single-process run. Needs root (installs slurm-wlm, munge).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge
fi
swift build
bargain="$(swift build --show-bin-path)/bargain"
scratch="$(mktemp -d /tmp/bargain-slurm.XXXXXX)"
chmod 755 "$scratch"
host="$(hostname -s)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for file in "$scratch/slurmctld.pid" "$scratch/slurmd.pid"; do
    if [ -f "$file" ]; then kill "$(cat "$file")" 2>/dev/null || true; fi
  done
  if [ -f "$scratch/munged.pid" ]; then kill "$(cat "$scratch/munged.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

mkdir -p /etc/munge "$scratch/state" "$scratch/spool" "$scratch/munge"
if [ ! -s /etc/munge/munge.key ]; then
  head -c 1024 /dev/urandom > /etc/munge/munge.key
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key
chown munge:munge "$scratch/munge"
mkdir -p /run/munge && chown munge:munge /run/munge
runuser -u munge -- munged --force --pid-file="$scratch/munge/munged.pid"
cp "$scratch/munge/munged.pid" "$scratch/munged.pid" 2>/dev/null || true

mkdir -p /etc/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=bargain-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=$scratch/state
SlurmdSpoolDir=$scratch/spool
SlurmctldPidFile=$scratch/slurmctld.pid
SlurmdPidFile=$scratch/slurmd.pid
SlurmctldLogFile=$scratch/slurmctld.log
SlurmdLogFile=$scratch/slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld
slurmd
for _ in $(seq 1 60); do
  if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then break; fi
  sleep 1
done
sinfo

study=Programs/tournaments/Demands.bargain
"$bargain" tournament "$study" --json > "$scratch/single.json"
BARGAIN="$bargain" Programs/tournaments/slurm/run-study.sh 3 "$scratch/shards" "$study" > "$scratch/merged.txt"
"$bargain" tournament "$study" > "$scratch/single.txt"
cmp "$scratch/single.txt" "$scratch/merged.txt"
"$bargain" merge "$scratch"/shards/shard-*.json --json > "$scratch/merged.json"
cmp "$scratch/single.json" "$scratch/merged.json"
ls "$scratch/shards"
echo "slurm: 3 array tasks merged into the single-process report (text and JSON, same bytes)"
