#!/usr/bin/env bash
# Fleet simulator (issue 4, acceptance 5): thousands of simulated agents in one process, speaking
# the agent's MQTT protocol to the real edgemano-plane, on its embedded broker and on a Mosquitto
# this script's run starts; and the same traffic through the bare broker with no plane (the floor).
# Prints one `name value` line per figure on stdout; progress goes to stderr. See bench/README.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The plane as it ships: published ReadyToRun (em_publish_plane).
PLANE="$REPO/artifacts/bench/plane/edgemano-plane"
SIM="$REPO/bench/EdgeMano.FleetSim/bin/Release/net10.0/edgemano-fleetsim"

usage() {
  cat >&2 <<USAGE
usage: bench/fleet-sim.sh [--nodes "1000 10000"] [--brokers "embedded mosquitto"] [--reuse]
                          [--timeout S] [--parallel N] [--details DIR] [--keep] [-- SIM-OPTIONS...]

  --nodes LIST     fleet sizes (default "1000 10000")
  --brokers LIST   embedded and/or mosquitto (default both)
  --embedded-floor MODE
                   broker: the embedded floor is MQTTnet.Server with a publisher client, every
                   message matched against every session (10,000 nodes: > 10 min, see RESULTS.md);
                   direct: node traffic taken in-process and desired state put into each session
                   (what the plane's embedded path could cost); both; or auto (default): both up
                   to 2,000 nodes, direct above
  --reuse          do not build (use the Release builds already there)
  --timeout S      longest wait for a fan-out or a storm to complete (default 90)
  --phase-budget S a phase (one broker, size, plane or floor) still running after S seconds is
                   cut short, its figures so far kept (default 240)
  --parallel N     connects in flight (default 100)
  --details DIR    per-node latencies and the plane's /metrics time series (TSV)
  --keep           keep the work dir (configs, plane and broker logs, plane state)
  after --          passed to edgemano-fleetsim as is (e.g. --mosquitto-profile default)
USAGE
}

NODES="1000 10000"; BROKERS="embedded mosquitto"; REUSE=0; TIMEOUT=90; PARALLEL=100; DETAILS=""; KEEP=0
FLOORS="auto"; BUDGET=240; EXTRA=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --nodes) NODES=$2; shift 2 ;;
    --brokers) BROKERS=$2; shift 2 ;;
    --embedded-floor) FLOORS=$2; shift 2 ;;
    --phase-budget) BUDGET=$2; shift 2 ;;
    --reuse) REUSE=1; shift ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --parallel) PARALLEL=$2; shift 2 ;;
    --details) DETAILS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "fleet-sim.sh: unknown option '$1'" >&2; usage; exit 2 ;;
  esac
done

log() { echo "[fleet-sim $(date +%H:%M:%S)] $*" >&2; }
command -v mosquitto >/dev/null || { echo "fleet-sim.sh: mosquitto not found (apt-get install -y mosquitto)" >&2; exit 1; }

# Every node is a socket in the simulator and one in the broker's process: raise the open-file
# limit as far as the hard limit allows (20,000 on the build machines).
HARD=$(ulimit -Hn)
ulimit -n "$([[ $HARD == unlimited ]] && echo 65536 || echo "$HARD")"
log "open files: $(ulimit -n)"

WORK=$(mktemp -d /tmp/edgemano-fleetsim.XXXXXX)
PIDS="$WORK/pids"
: > "$PIDS"
SIM_PID=""

# Stops what this run started, by PID: the simulator, and every plane / broker it recorded,
# each checked first to be one of ours (its command line names this run's work dir or the simulator).
cleanup() {
  local pid cmd
  [[ -n $SIM_PID ]] && kill -0 "$SIM_PID" 2>/dev/null && kill -TERM "$SIM_PID" 2>/dev/null || true
  while read -r pid; do
    [[ -z $pid || ! -r /proc/$pid/cmdline ]] && continue
    cmd=$({ tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null || true)
    if [[ $cmd == *"$WORK"* || $cmd == *edgemano-fleetsim* ]]; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
  done < "$PIDS"
  if [[ $KEEP == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $REUSE == 0 ]]; then
  log "building Release: plane (published ReadyToRun, as it ships) and simulator"
  (cd "$REPO" && source installers/lib/prereqs.sh && em_publish_plane artifacts/bench/plane) >&2
  dotnet build "$REPO/bench/EdgeMano.FleetSim" -c Release -nologo -v q -clp:ErrorsOnly >&2
fi

figure() { echo "$1 $2"; }
figure fleet_machine_cpus "$(nproc)"
start=$(date +%s)
for n in $NODES; do
  for broker in $BROKERS; do
    case "$broker:$FLOORS" in
      mosquitto:*) phases=floor,plane ;;
      *:broker) phases=floor,plane ;;
      *:direct) phases=floordirect,plane ;;
      *:both) phases=floor,floordirect,plane ;;
      *) phases=$( (( n <= 2000 )) && echo floor,floordirect,plane || echo floordirect,plane) ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    log "broker $broker, $n nodes, phases $phases (load average $load)"
    figure "fleet_${broker}_${n}_load_average_at_start" "$load"
    args=(--broker "$broker" --nodes "$n" --phases "$phases" --plane-exe "$PLANE" --timeout "$TIMEOUT"
          --phase-budget "$BUDGET" --parallel "$PARALLEL" --work-dir "$WORK" --pid-file "$PIDS")
    [[ -n $DETAILS ]] && args+=(--details "$DETAILS")
    "$SIM" "${args[@]}" "${EXTRA[@]}" &
    SIM_PID=$!
    wait "$SIM_PID" || { rc=$?; log "edgemano-fleetsim failed ($rc); logs in $WORK"; KEEP=1; exit "$rc"; }
    SIM_PID=""
  done
done
figure fleet_run_total_s $(( $(date +%s) - start ))
