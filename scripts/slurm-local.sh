#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for trying `sonde sweep --executor slurm` and for
# its end-to-end tests: Debian's slurm-wlm and munge, the controller (slurmctld) and the node
# daemon (slurmd) started directly (no systemd), the node advertising two GPUs as generic
# resources (gres gpu:2; Slurm 22.05 drops a GPU without a device file, so each is a stand-in
# character device with /dev/null's numbers under $SONDE_SLURM_DIR/dev). Config, state and logs live in $SONDE_SLURM_DIR
# (default /tmp/sonde-slurm); nothing outside it is touched except /etc/slurm/slurm.conf, which
# is linked to ours when it does not exist, so that plain `sbatch` finds the cluster.
#   scripts/slurm-local.sh start    install what is missing, start (again: nothing to do)
#   scripts/slurm-local.sh status   say what runs; exit 0 when the cluster answers
#   scripts/slurm-local.sh stop     stop the daemons and remove $SONDE_SLURM_DIR
# Clients elsewhere: export SLURM_CONF=$SONDE_SLURM_DIR/slurm.conf (start prints it).
set -euo pipefail

dir="${SONDE_SLURM_DIR:-/tmp/sonde-slurm}"
ctld_port="${SONDE_SLURM_PORT:-6817}"
conf="$dir/slurm.conf"
etc_conf=/etc/slurm/slurm.conf
export SLURM_CONF="$conf"

die() {
  echo "slurm-local: $*" >&2
  exit 1
}

pid_alive() {  # pid_alive FILE: the process named in FILE runs
  [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

install_missing() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "slurm-local: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed; install ${missing[*]} by hand"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get could not install ${missing[*]}"
}

write_config() {
  local host node_line
  host="$(hostname -s)"
  # The node's real CPUs and memory, as slurmd itself detects them (a node that reports less
  # than its configured memory would be drained).
  node_line="$(slurmd -C | head -n 1)"
  [[ "$node_line" == NodeName=* ]] || die "slurmd -C did not describe this node: $node_line"
  node_line="${node_line/NodeName=$host/NodeName=$host NodeAddr=127.0.0.1}"
  cat >"$conf" <<EOF
# Written by scripts/slurm-local.sh: a one-node cluster for sonde's tests.
ClusterName=sonde
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
GresTypes=gpu
ReturnToService=2
MpiDefault=none
# Finished jobs stay known to scontrol for an hour: there is no accounting database (sacct) here.
MinJobAge=3600
# A job past its time limit gets SIGTERM, then SIGKILL this many seconds later.
KillWait=5
$node_line Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mkdir -p "$dir/dev"
  for g in 0 1; do
    [ -c "$dir/dev/gpu$g" ] || mknod "$dir/dev/gpu$g" c 1 3 ||
      die "cannot create the stand-in GPU device $dir/dev/gpu$g (mknod; needs root)"
  done
  cat >"$dir/gres.conf" <<EOF
AutoDetect=off
Name=gpu Count=2 File=$dir/dev/gpu[0-1]
EOF
}

start_munge() {
  pid_alive "$dir/munge/munged.pid" && return 0
  if [ ! -s "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 0600 "$dir/munge/munge.key"
  fi
  munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" \
    --seed-file="$dir/munge/munged.seed" ||
    die "munged did not start; see $dir/log/munged.log"
}

cluster_answers() {
  scontrol ping 2>/dev/null | grep -q "UP"
}

node_state() {
  sinfo -h -N -o "%t" 2>/dev/null | head -n 1
}

start() {
  if pid_alive "$dir/slurmctld.pid" && pid_alive "$dir/slurmd.pid" && cluster_answers; then
    echo "slurm-local: already running ($conf)"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] ||
    die "needs root: slurmd starts jobs as their users and the stand-in GPU devices need mknod"
  install_missing
  stop_daemons
  mkdir -p "$dir"/{munge,state,spool,log}
  chmod 0700 "$dir/munge"
  write_config
  if [ ! -e "$etc_conf" ] && [ -w "$(dirname "$etc_conf")" ]; then
    ln -s "$conf" "$etc_conf"
  fi
  start_munge
  slurmctld -f "$conf" || die "slurmctld did not start; see $dir/log/slurmctld.log"
  slurmd -f "$conf" || die "slurmd did not start; see $dir/log/slurmd.log"
  local state=""
  for _ in $(seq 1 60); do
    state="$(node_state)"
    [ "$state" = "idle" ] && break
    sleep 0.5
  done
  if [ "$state" != "idle" ]; then
    echo "slurm-local: the node is not idle after 30 s (state: ${state:-unknown})" >&2
    tail -n 5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
    exit 1
  fi
  echo "slurm-local: running; node $(hostname -s) idle with gres gpu:2"
  [ "$(readlink "$etc_conf" 2>/dev/null)" = "$conf" ] || echo "export SLURM_CONF=$conf"
}

stop_daemons() {
  local f
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if pid_alive "$f"; then
      local pid
      pid="$(cat "$f")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}

stop() {
  stop_daemons
  [ "$(readlink "$etc_conf" 2>/dev/null)" = "$conf" ] && rm -f "$etc_conf"
  rm -rf "$dir"
  echo "slurm-local: stopped"
}

status() {
  local up=0
  pid_alive "$dir/munge/munged.pid" && echo "munged:    running (pid $(cat "$dir/munge/munged.pid"))" ||
    echo "munged:    not running"
  if pid_alive "$dir/slurmctld.pid"; then
    echo "slurmctld: running (pid $(cat "$dir/slurmctld.pid"))"
  else
    echo "slurmctld: not running"
    up=1
  fi
  if pid_alive "$dir/slurmd.pid"; then
    echo "slurmd:    running (pid $(cat "$dir/slurmd.pid"))"
  else
    echo "slurmd:    not running"
    up=1
  fi
  if [ $up -eq 0 ] && cluster_answers; then
    sinfo -N -o "%N %t %G"
    echo "jobs queued or running: $(squeue -h | wc -l)"
    return 0
  fi
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
