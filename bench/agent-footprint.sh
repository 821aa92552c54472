#!/usr/bin/env bash
# Edge agent footprint: binary size (figure 1), idle RSS with 10 workloads (figure 2) and time
# from start to the first completed reconcile (figure 3). Prints one line per figure on stdout,
# `name value`; progress and per-run values go to stderr. See bench/README.md.
#
# It starts only its own agents and workloads (unique node ids, temp state dirs) and stops only
# those, by PID (processes) or by the label edgemano.node=<its node id> (containers).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/agent-footprint.sh [options]
  --reuse          reuse artifacts/agent/<rid>/edgemano-agent when present (default: publish)
  --runs N         runs per first-reconcile variant (default 5)
  --idle S         seconds to idle before sampling RSS (default 10)
  --samples N      RSS samples, one a second (default 5)
  --no-docker      skip the container variant of figure 2
  --no-arm64       skip the linux-arm64 publish
  --qemu-rss       also measure idle RSS of the arm64 binary under qemu-aarch64-static (slow, optional)
  --details DIR    keep agent logs, status and /proc/PID/smaps breakdowns in DIR
  --only LIST      comma list of: size,rss,first (default all)
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REUSE=0 RUNS=5 IDLE=10 SAMPLES=5 DOCKER=1 ARM64=1 QEMU_RSS=0 DETAILS="" ONLY="size,rss,first"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reuse) REUSE=1 ;;
    --runs) RUNS=$2; shift ;;
    --idle) IDLE=$2; shift ;;
    --samples) SAMPLES=$2; shift ;;
    --no-docker) DOCKER=0 ;;
    --no-arm64) ARM64=0 ;;
    --qemu-rss) QEMU_RSS=1 ;;
    --details) DETAILS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
for tool in jq dotnet awk; do
  command -v "$tool" >/dev/null || { echo "agent-footprint: '$tool' not found (apt-get install jq / install the .NET SDK)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/edgemano-footprint.XXXXXX)
[[ -n "$DETAILS" ]] && mkdir -p "$DETAILS"
RUN_ID="fp$$x$RANDOM"
declare -a AGENT_PIDS=() PROCESS_NODES=() CONTAINER_NODES=()
log() { echo "[footprint] $*" >&2; }
figure() { echo "$1 $2"; }

# ---------------------------------------------------------------- cleanup (only what we started)
stop_agent() { # pid
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { log "agent $pid ignored SIGTERM for 15 s; SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

# A PID is ours only if its environment carries EDGEMANO_NODE=<our node id> (set by the process driver).
pid_of_node() { # pid node
  grep -qzx "EDGEMANO_NODE=$2" "/proc/$1/environ" 2>/dev/null
}

kill_node_processes() { # state-dir node
  local dir=$1 node=$2 pid marker envfile
  local -a pids=()
  for marker in "$dir/processes/$node"/*.json; do
    [[ -e "$marker" ]] || continue
    pid=$(jq -r '.pid // empty' "$marker" 2>/dev/null || true)
    [[ -n "$pid" ]] && pids+=("$pid")
  done
  # Also any restarted instance a marker no longer names (node ids are unique to this run).
  for envfile in /proc/[0-9]*/environ; do
    pid=${envfile#/proc/}; pid=${pid%/environ}
    grep -qzx "EDGEMANO_NODE=$node" "$envfile" 2>/dev/null && pids+=("$pid")
  done
  for pid in $(printf '%s\n' "${pids[@]}" | sort -un); do
    pid_of_node "$pid" "$node" && kill -KILL "$pid" 2>/dev/null || true
  done
}

remove_node_containers() { # node
  local ids
  ids=$(docker ps -aq --filter "label=edgemano.node=$1" 2>/dev/null || true)
  [[ -n "$ids" ]] && docker rm -f $ids >/dev/null 2>&1 || true
}

cleanup() {
  local pid entry
  for pid in "${AGENT_PIDS[@]}"; do stop_agent "$pid"; done
  for entry in "${PROCESS_NODES[@]}"; do kill_node_processes "${entry%%|*}" "${entry#*|}"; done
  for entry in "${CONTAINER_NODES[@]}"; do remove_node_containers "$entry"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }

start_agent() { # binary state-dir node runtime logfile [prefix...]  -> sets AGENT_PID
  local bin=$1 dir=$2 node=$3 runtime=$4 logfile=$5; shift 5
  "$@" "$bin" run --state-dir "$dir" --node-id "$node" --runtime "$runtime" >"$logfile" 2>&1 &
  AGENT_PID=$!
  AGENT_PIDS+=("$AGENT_PID")
}

forget_agent() { # pid
  local -a keep=() p
  for p in "${AGENT_PIDS[@]}"; do [[ "$p" != "$1" ]] && keep+=("$p"); done
  AGENT_PIDS=("${keep[@]}")
}

running_count() { # binary state-dir node
  "$1" status -o json --state-dir "$2" --node-id "$3" 2>/dev/null | jq '[.workloads[] | select(.phase == "Running")] | length' 2>/dev/null || echo 0
}

wait_running() { # binary state-dir node count timeout-s agent-pid
  local deadline=$((SECONDS + $5)) n=0
  while ((SECONDS < deadline)); do
    kill -0 "$6" 2>/dev/null || { log "agent $6 exited early"; return 1; }
    n=$(running_count "$1" "$2" "$3")
    ((n >= $4)) && return 0
    sleep 0.5
  done
  log "only $n of $4 workloads Running after $5 s"; return 1
}

wait_first_reconcile() { # logfile timeout-s agent-pid -> prints the log line
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    grep -m1 'First reconcile completed' "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { log "agent $3 exited before its first reconcile:"; tail -5 "$1" >&2; return 1; }
    sleep 0.02
  done
  log "no first reconcile after $2 s"; return 1
}

keep_detail() { [[ -n "$DETAILS" ]] && cp "$1" "$DETAILS/$2" || true; }

# Sums Rss/Anonymous per mapping (file path, or [heap]/[anon]/...) from /proc/PID/smaps, largest first.
smaps_breakdown() { # pid
  awk '
    /^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anon]"; next }
    /^Rss:/       { rss[name] += $2 }
    /^Anonymous:/ { anon[name] += $2 }
    END { for (n in rss) if (rss[n] > 0) printf "%8d kB rss %8d kB anon  %s\n", rss[n], anon[n], n }
  ' "/proc/$1/smaps" | sort -rn
}

# ---------------------------------------------------------------- figure 1: binary size
publish() { # rid
  local rid=$1 out="$REPO/artifacts/agent/$1"
  if ((REUSE)) && [[ -x "$out/edgemano-agent" ]]; then log "reusing $out/edgemano-agent"; return 0; fi
  log "dotnet publish edge-agent/EdgeMano.Agent.Host/EdgeMano.Agent.Host.csproj -c Release -r $rid -o artifacts/agent/$rid"
  if ! (cd "$REPO" && dotnet publish edge-agent/EdgeMano.Agent.Host/EdgeMano.Agent.Host.csproj -c Release -r "$rid" -o "artifacts/agent/$rid") >"$WORK/publish-$rid.log" 2>&1; then
    log "publish for $rid failed:"; grep -E 'error|Error' "$WORK/publish-$rid.log" | tail -20 >&2; return 1
  fi
}

AGENT="$REPO/artifacts/agent/linux-x64/edgemano-agent"
AGENT_ARM64="$REPO/artifacts/agent/linux-arm64/edgemano-agent"
if wants size || wants rss || wants first || ((QEMU_RSS)); then
  publish linux-x64
  ((ARM64 || QEMU_RSS)) && publish linux-arm64
fi
if wants size; then
  figure binary_size_linux_x64_bytes "$(stat -c %s "$AGENT")"
  ((ARM64)) && figure binary_size_linux_arm64_bytes "$(stat -c %s "$AGENT_ARM64")"
fi

# ---------------------------------------------------------------- figure 2: idle RSS with 10 workloads
ten_containers_yaml() {
  printf 'apiVersion: edgemano/v1\nkind: DesiredState\nworkloads:\n'
  for i in $(seq 1 10); do
    printf '  - name: sleep-%d\n    kind: container\n    image: local/busybox:1\n    command: [sleep, "3600"]\n' "$i"
  done
}

ensure_busybox_image() {
  docker image inspect local/busybox:1 >/dev/null 2>&1 && return 0
  log "building local/busybox:1 from busybox-static"
  local r="$WORK/rootfs" a
  mkdir -p "$r"/{bin,tmp,etc,www,proc,sys,dev} && cp /bin/busybox "$r/bin/"
  for a in sh sleep httpd nc ls cat echo ps env true false; do ln -s busybox "$r/bin/$a"; done
  echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"; echo 'root:x:0:' >"$r/etc/group"
  tar -C "$r" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - local/busybox:1 >/dev/null
}

# Prints idle_rss_<label>_{vmrss,rss_anon,rss_file}_kb: medians of $SAMPLES readings after $IDLE s.
measure_idle_rss() { # label binary runtime yaml [prefix...]
  local label=$1 bin=$2 runtime=$3 yaml=$4; shift 4
  local node="$RUN_ID-$label" dir="$WORK/$label" pid target i
  mkdir -p "$dir"
  if [[ "$runtime" == docker ]]; then CONTAINER_NODES+=("$node"); else PROCESS_NODES+=("$dir|$node"); fi
  "$AGENT" apply -f "$yaml" --state-dir "$dir" --node-id "$node" >&2  # the x64 CLI: it only writes the store
  start_agent "$bin" "$dir" "$node" "$runtime" "$dir/agent.log" "$@"
  pid=$AGENT_PID
  wait_running "$AGENT" "$dir" "$node" 10 240 "$pid" || { tail -20 "$dir/agent.log" >&2; return 1; }
  log "$label: 10 Running; idling $IDLE s"
  sleep "$IDLE"
  # Under qemu-user the agent is the qemu process itself (same PID, guest code translated inside it).
  target=$pid
  : >"$dir/rss"
  for i in $(seq 1 "$SAMPLES"); do
    awk '/^VmRSS:/{v=$2} /^RssAnon:/{a=$2} /^RssFile:/{f=$2} END {print v, a, f}' "/proc/$target/status" >>"$dir/rss"
    sleep 1
  done
  log "$label samples (VmRSS RssAnon RssFile kB): $(tr '\n' ';' <"$dir/rss")"
  figure "idle_rss_${label}_vmrss_kb" "$(awk '{print $1}' "$dir/rss" | median)"
  figure "idle_rss_${label}_rss_anon_kb" "$(awk '{print $2}' "$dir/rss" | median)"
  figure "idle_rss_${label}_rss_file_kb" "$(awk '{print $3}' "$dir/rss" | median)"
  # The resident part of the agent executable itself (the rest of RssFile is libc, libm, ld.so).
  figure "idle_rss_${label}_executable_kb" "$(smaps_breakdown "$target" | awk -v f="$(readlink -f "$bin")" '$7 == f {print $1}')"
  if [[ -n "$DETAILS" ]]; then
    smaps_breakdown "$target" >"$DETAILS/smaps-$label.txt"
    cp "/proc/$target/smaps_rollup" "$DETAILS/smaps_rollup-$label.txt"
    cp "/proc/$target/status" "$DETAILS/status-$label.txt"
    "$AGENT" status --state-dir "$dir" --node-id "$node" >"$DETAILS/agent-status-$label.txt" 2>&1 || true
  fi
  stop_agent "$pid"; forget_agent "$pid"
  keep_detail "$dir/agent.log" "agent-$label.log"
  if [[ "$runtime" == docker ]]; then remove_node_containers "$node"; else kill_node_processes "$dir" "$node"; fi
}

if wants rss; then
  measure_idle_rss 10_processes "$AGENT" process "$REPO/examples/ten-processes.yaml"
  if ((DOCKER)); then
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
      ensure_busybox_image
      ten_containers_yaml >"$WORK/ten-containers.yaml"
      measure_idle_rss 10_containers "$AGENT" docker "$WORK/ten-containers.yaml"
    else
      log "docker: no reachable dockerd at /var/run/docker.sock; container variant skipped (start dockerd, see shared/PLATFORM.md)"
    fi
  fi
  if ((QEMU_RSS)); then
    command -v qemu-aarch64-static >/dev/null || { log "qemu-aarch64-static not found (apt-get install qemu-user-static)"; exit 1; }
    measure_idle_rss 10_processes_arm64_qemu "$AGENT_ARM64" process "$REPO/examples/ten-processes.yaml" qemu-aarch64-static -L /
  fi
fi

# ---------------------------------------------------------------- figure 3: start to first reconcile
# Parses "First reconcile completed in X ms (Y ms in runtimes)" and the line's UTC timestamp.
record_first() { # line launch-ns label
  local line=$1 launch_ns=$2 label=$3 x y stamp line_ns
  x=$(sed -E 's/.*completed in ([0-9.]+) ms.*/\1/' <<<"$line")
  y=$(sed -E 's/.*\(([0-9.]+) ms in runtimes\).*/\1/' <<<"$line")
  stamp=$(awk '{print $1}' <<<"$line")
  line_ns=$(date -u -d "$stamp" +%s%N)
  awk -v x="$x" -v y="$y" -v l="$line_ns" -v s="$launch_ns" 'BEGIN {printf "%.1f %.1f %.1f %.1f\n", x - y, x, y, (l - s) / 1e6}' >>"$WORK/first-$label"
}

print_first() { # label
  local f="$WORK/first-$1"
  log "$1 runs (agent ms, total ms, runtime ms, launch-to-log-line ms): $(tr '\n' ';' <"$f")"
  figure "first_reconcile_${1}_agent_ms" "$(awk '{print $1}' "$f" | median)"
  figure "first_reconcile_${1}_total_ms" "$(awk '{print $2}' "$f" | median)"
  figure "first_reconcile_${1}_runtime_ms" "$(awk '{print $3}' "$f" | median)"
  figure "first_reconcile_${1}_launch_to_line_ms" "$(awk '{print $4}' "$f" | median)"
}

if wants first; then
  # (a) cold: a fresh node with 10 process workloads to create.
  for run in $(seq 1 "$RUNS"); do
    node="$RUN_ID-cold$run" dir="$WORK/cold$run"
    mkdir -p "$dir"; PROCESS_NODES+=("$dir|$node")
    "$AGENT" apply -f "$REPO/examples/ten-processes.yaml" --state-dir "$dir" --node-id "$node" >/dev/null
    launch=$(date +%s%N)
    start_agent "$AGENT" "$dir" "$node" process "$dir/agent.log"
    line=$(wait_first_reconcile "$dir/agent.log" 60 "$AGENT_PID")
    record_first "$line" "$launch" cold_10_processes
    stop_agent "$AGENT_PID"; forget_agent "$AGENT_PID"
    ((run == 1)) && keep_detail "$dir/agent.log" agent-first-cold.log
    kill_node_processes "$dir" "$node"
  done
  print_first cold_10_processes

  # (b) warm: the same node restarted, all 10 adopted (no command may run).
  node="$RUN_ID-warm" dir="$WORK/warm"
  mkdir -p "$dir"; PROCESS_NODES+=("$dir|$node")
  "$AGENT" apply -f "$REPO/examples/ten-processes.yaml" --state-dir "$dir" --node-id "$node" >/dev/null
  start_agent "$AGENT" "$dir" "$node" process "$dir/agent-setup.log"
  wait_running "$AGENT" "$dir" "$node" 10 120 "$AGENT_PID"
  stop_agent "$AGENT_PID"; forget_agent "$AGENT_PID"
  before=$(jq -r .pid "$dir/processes/$node"/*.json | sort -n | tr '\n' ' ')
  for run in $(seq 1 "$RUNS"); do
    launch=$(date +%s%N)
    start_agent "$AGENT" "$dir" "$node" process "$dir/agent-$run.log"
    line=$(wait_first_reconcile "$dir/agent-$run.log" 60 "$AGENT_PID")
    record_first "$line" "$launch" warm_10_processes
    stop_agent "$AGENT_PID"; forget_agent "$AGENT_PID"
    if grep -q '\[1001\]' "$dir/agent-$run.log"; then
      log "warm run $run executed commands (expected pure adoption):"; grep '\[1001\]' "$dir/agent-$run.log" >&2; exit 1
    fi
    ((run == 1)) && keep_detail "$dir/agent-$run.log" agent-first-warm.log
  done
  after=$(jq -r .pid "$dir/processes/$node"/*.json | sort -n | tr '\n' ' ')
  [[ "$before" == "$after" ]] || { log "warm: PIDs changed across restarts ($before -> $after)"; exit 1; }
  print_first warm_10_processes
  kill_node_processes "$dir" "$node"
fi
