#!/bin/bash
# A one-node Slurm cluster on localhost for the sweep tests, without systemd: a private munged
# socket, slurmctld and slurmd started directly, every file under STATE_DIR.
#
#   localhost-slurm.sh start STATE_DIR   installs slurm-wlm and munge from Debian when missing,
#                                        writes STATE_DIR/slurm.conf, starts the daemons, waits
#                                        for the node to be idle; prints the slurm.conf path.
#                                        Exit 77 (with the reason on stdout) when the packages
#                                        cannot be installed or the daemons do not come up.
#   localhost-slurm.sh stop STATE_DIR    stops the daemons it started there.
set -u
# The daemons must not inherit any descriptor beyond 0-2: a caller that waits for the end of a
# pipe or socket it gave this script (Foundation's Process does) would wait for them to exit.
for fd in $(ls /proc/$$/fd); do
    [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
done
action="${1:?start or stop}"
state="${2:?state directory}"
sudo_cmd=""
[ "$(id -u)" = "0" ] || sudo_cmd="sudo -n"

stop() {
    for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        kill "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
        rm -f "$pidfile"
    done
    [ -S "$state/munge/munge.sock" ] && munged --stop --socket="$state/munge/munge.sock" >/dev/null 2>&1
    if [ -f "$state/munge/munged.pid" ]; then kill "$(cat "$state/munge/munged.pid")" 2>/dev/null; fi
    return 0
}

skip() { echo "skipped: $*"; stop; exit 77; }

case "$action" in
stop) stop; exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
    || ! command -v sbatch >/dev/null; then
    { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq slurm-wlm munge; } \
        >"$state-apt.log" 2>&1 || skip "cannot install slurm-wlm and munge with apt-get (see $state-apt.log)"
fi
key=/etc/munge/munge.key
[ -r "$key" ] || skip "no readable munge key at $key"

mkdir -p "$state/munge" "$state/spool" "$state/save" || skip "cannot create $state"
munged --force --socket="$state/munge/munge.sock" --key-file="$key" --log-file="$state/munge/munged.log" \
    --pid-file="$state/munge/munged.pid" --seed-file="$state/munge/seed" >/dev/null 2>&1 \
    || skip "munged did not start (see $state/munge/munged.log)"

read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
cpus="$(nproc)"
cat >"$state/slurm.conf" <<CONF
ClusterName=v2vsimtest
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$state/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$state/save
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$state/slurm.conf"
slurmctld -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmctld did not start (see $state/slurmctld.log)"
$sudo_cmd slurmd -f "$SLURM_CONF" -N localhost >/dev/null 2>&1 || skip "slurmd did not start (see $state/slurmd.log)"
for _ in $(seq 100); do
    if sinfo -h -N -o "%T" 2>/dev/null | grep -q '^idle'; then echo "$SLURM_CONF"; exit 0; fi
    sleep 0.2
done
skip "the node did not become idle within 20 s (see $state/slurmctld.log, $state/slurmd.log)"
