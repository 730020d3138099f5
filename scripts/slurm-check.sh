#!/usr/bin/env bash
# make slurm-check: a sweep as a Slurm job array on a one-node cluster on this machine, merged
# by a dependent job, must give the same bytes as the same sweep in one process.
#
#   scripts/slurm-check.sh [SIGHTLINE_BINARY]
#
# Installs slurmctld, slurmd, slurm-client and munge from Debian if missing (no recommends),
# starts munged (unless one already answers), slurmctld and slurmd on 127.0.0.1 with a
# private configuration in a temporary folder (its own ports, state and logs: nothing under
# /etc/slurm is read or written; proctrack/linuxproc and task/none, so no cgroups), submits
# the sweep with the command `sightline sweep --slurm` prints, waits for the array and the
# merge job (at most SLURM_CHECK_TIMEOUT seconds), compares, and stops the daemons it started
# (by pid: slurmd, slurmctld, munged). See ../shared/notes/slurm-one-node.md.
#
# Environment: SLURM_CHECK_SWEEP (default Signals/sweeps/c4-small.yaml), SLURM_CHECK_TASKS
# (array tasks, default 4), SLURM_CHECK_CPUS (--cpus-per-task, default 1),
# SLURM_CHECK_TIMEOUT (default 300), SLURM_CHECK_KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-.build/release/sightline}")"
sweep="$(realpath "${SLURM_CHECK_SWEEP:-Signals/sweeps/c4-small.yaml}")"
tasks="${SLURM_CHECK_TASKS:-4}"
cpus="${SLURM_CHECK_CPUS:-1}"
timeout="${SLURM_CHECK_TIMEOUT:-300}"
t0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "slurm-check: $*" >&2; }
[ -x "$bin" ] || { say "no sightline binary at $bin (build it first)"; exit 1; }

# 1. Packages.
missing=()
for pkg in slurmctld slurmd slurm-client munge; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing packages; run:  sudo apt-get install -y --no-install-recommends ${missing[*]}"
        exit 1
    fi
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "$(id -u)" -eq 0 ] || { say "the daemons need root (slurmd runs jobs as their user)"; exit 1; }
say "packages ready ($(since "$t0") s)"

work="$(mktemp -d /tmp/sightline-slurm-check.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/state" "$work/spool"
chown slurm:slurm "$work/state"
started=()
cleanup() {
    local status=$?
    # Jobs left on our cluster (a time-out, a failure) are cancelled first: slurmstepd and the
    # job's processes outlive slurmd otherwise.
    if [ -n "${SLURM_CONF:-}" ] && [ -n "$(squeue -h 2>/dev/null)" ]; then
        squeue -h -o %A | sort -u | xargs -r scancel 2>/dev/null || true
        for _ in $(seq 50); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
    fi
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        local name="${started[$i]%%:*}" pid="${started[$i]##*:}"
        if kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && { say "$name ($pid) did not stop; killing it"; kill -9 "$pid" || true; }
        fi
    done
    if [ "$status" -ne 0 ]; then
        for log in "$work"/slurmctld.log "$work"/slurmd.log "$work"/jobs/logs/*.out; do
            [ -f "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$log" >&2; }
        done
    fi
    [ "${SLURM_CHECK_KEEP:-0}" = 1 ] && say "kept $work" || rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

# 2. The single-process run, the reference (before the cluster starts, so nothing competes).
t=$(date +%s.%N)
single_line="$("$bin" sweep "$sweep" -o "$work/single" | tail -n1)"
single_s=$(since "$t")
say "single process: $single_s s ($single_line)"

# 3. munge.
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    say "munged already running: using it"
else
    [ -f /etc/munge/munge.key ] || { say "no /etc/munge/munge.key (reinstall munge)"; exit 1; }
    mkdir -p /run/munge
    chown munge:munge /run/munge
    su -s /bin/sh munge -c /usr/sbin/munged
    for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
    started+=("munged:$(cat /run/munge/munged.pid)")
    munge -n | unmunge >/dev/null
fi

# 4. The one-node cluster: this host's hardware as slurmd sees it, addressed as 127.0.0.1.
host="$(hostname -s)"
node="$(slurmd -C | head -n1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")"
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=sightline-check
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=6917
SlurmdPort=6918
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
DependencyParameters=kill_invalid_depend
MailProg=/bin/true
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/state/slurmctld.pid
SlurmdPidFile=$work/spool/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
$node State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
t=$(date +%s.%N)
slurmctld -D -c -f "$SLURM_CONF" >>"$work/slurmctld.log" 2>&1 &
started+=("slurmctld:$!")
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
scontrol ping | grep -q UP || { say "slurmctld did not come up"; exit 1; }
slurmd -D -N "$host" -f "$SLURM_CONF" >>"$work/slurmd.log" 2>&1 &
started+=("slurmd:$!")
for _ in $(seq 100); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.2; done
[ "$(sinfo -h -o %T)" = idle ] || { say "the node is not idle: $(sinfo -h -o '%T %E')"; exit 1; }
say "cluster up ($(since "$t") s): $(sinfo -h -o '%N %c CPUs %T')"

# 5. The job array and its merge job, submitted by the command sightline prints.
submit="$("$bin" sweep "$sweep" -o "$work/sharded" --slurm "$work/jobs" --array-size "$tasks" \
    --cpus-per-task "$cpus" --time 30:00 | tail -n1)"
say "submit: $submit"
t=$(date +%s.%N)
merge_job="$(eval "$submit" | awk '{print $NF}')"
deadline=$(($(date +%s) + timeout))
until [ -z "$(squeue -h 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { say "jobs still queued after $timeout s:"; squeue >&2; exit 1; }
    sleep 0.5
done
cluster_s=$(since "$t")
say "array of $tasks tasks and merge job done in $cluster_s s"
[ -f "$work/sharded.json" ] || { say "the merge job (job $merge_job) wrote no result"; exit 1; }

# 6. The comparison, and each task's own account of its calls and time (from its log).
for ext in json csv; do
    cmp "$work/single.$ext" "$work/sharded.$ext" || { say "sharded.$ext differs from single.$ext"; exit 1; }
done
calls="$(echo "$single_line" | awk '{print $1}')"
for log in "$work"/jobs/logs/shard-*.out; do
    echo "slurm-check: task $(basename "$log" .out | cut -d- -f2): $(grep 'calls in' "$log")" >&2
done
say "OK: merged result of $tasks array tasks = single-process result, byte for byte ($calls calls;" \
    "single process $single_s s, cluster $cluster_s s on $(nproc) cores; total $(since "$t0") s)"
