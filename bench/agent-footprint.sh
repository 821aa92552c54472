#!/usr/bin/env bash
# Edge agent footprint: binary size (figure 1), idle RSS with 10 workloads (figure 2) and time
# from start to the first completed reconcile (figure 3), for the default agent on each of its
# drivers (process, docker, containerd) and for the cluster build with the Kubernetes driver. Prints one line per figure on stdout,
# `name value`; progress and per-run values go to stderr. See bench/README.md.
#
# It starts only its own agents and workloads (unique node ids, temp state dirs) and stops only
# those, by PID (processes) or by the label edgemano.node=<its node id> (containers).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/agent-footprint.sh [options]
  --reuse          reuse artifacts/agent/<rid>/edgemano-agent when present (default: publish)
  --agent PATH     use this linux-x64 edgemano-agent (no x64 publish)
  --cluster-agent PATH
                   use this linux-x64 edgemano-agent-cluster (default: publish it to
                   artifacts/agent-cluster/linux-x64, or reuse it with --reuse)
  --no-containerd  skip the containerd variant of figure 2 (it starts a private containerd)
  --no-cluster     skip the cluster build (its size and idle RSS)
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

LOG_TAG=footprint
source "$(dirname "${BASH_SOURCE[0]}")/lib/agent-common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/private-containerd.sh"

REUSE=0 RUNS=5 IDLE=10 SAMPLES=5 DOCKER=1 ARM64=1 QEMU_RSS=0 DETAILS="" ONLY="size,rss,first"
GIVEN_AGENT="" CLUSTER_AGENT="" CONTAINERD=1 CLUSTER=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --reuse) REUSE=1 ;;
    --agent) GIVEN_AGENT=$2; shift ;;
    --cluster-agent) CLUSTER_AGENT=$2; shift ;;
    --no-containerd) CONTAINERD=0 ;;
    --no-cluster) CLUSTER=0 ;;
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
require_tools jq dotnet awk
[[ -n "$DETAILS" ]] && mkdir -p "$DETAILS"

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

# ---------------------------------------------------------------- figure 1: binary size
if wants size || wants rss || wants first || ((QEMU_RSS)); then
  if [[ -n "$GIVEN_AGENT" ]]; then
    [[ -x "$GIVEN_AGENT" ]] || { log "--agent $GIVEN_AGENT is not an executable"; exit 2; }
    AGENT=$(readlink -f "$GIVEN_AGENT")
  else
    publish linux-x64 "$REUSE"
  fi
  if ((ARM64 || QEMU_RSS)); then publish linux-arm64 "$REUSE"; fi
  if ((CLUSTER)); then
    if [[ -n "$CLUSTER_AGENT" ]]; then
      [[ -x "$CLUSTER_AGENT" ]] || { log "--cluster-agent $CLUSTER_AGENT is not an executable"; exit 2; }
      CLUSTER_AGENT=$(readlink -f "$CLUSTER_AGENT")
    else
      publish_cluster "$REUSE"
    fi
  fi
fi
if wants size; then
  figure binary_size_linux_x64_bytes "$(stat -c %s "$AGENT")"
  if ((ARM64)); then figure binary_size_linux_arm64_bytes "$(stat -c %s "$AGENT_ARM64")"; fi
  if ((CLUSTER)); then figure binary_size_cluster_linux_x64_bytes "$(stat -c %s "$CLUSTER_AGENT")"; fi
fi

# ---------------------------------------------------------------- figure 2: idle RSS with 10 workloads
# Prints idle_rss_<label>_{vmrss,rss_anon,rss_file}_kb: medians of $SAMPLES readings after $IDLE s.
measure_idle_rss() { # label binary runtime yaml [prefix...]
  local label=$1 bin=$2 runtime=$3 yaml=$4; shift 4
  local node="$RUN_ID-$label" dir="$WORK/$label" pid target i
  mkdir -p "$dir"
  case "$runtime" in
    docker) CONTAINER_NODES+=("$node") ;;
    containerd) CONTAINERD_NODES+=("$node") ;;
    *) PROCESS_NODES+=("$dir|$node") ;;
  esac
  "$AGENT" apply -f "$yaml" --state-dir "$dir" --node-id "$node" >&2  # the x64 CLI: it only writes the store
  start_agent "$bin" "$dir" "$node" "$runtime" "$dir/agent.log" "$@"
  pid=$AGENT_PID
  wait_running "$AGENT" "$dir" "$node" 10 240 "$pid" || { tail -20 "$dir/agent.log" >&2; return 1; }
  log "$label: 10 Running; idling $IDLE s"
  sleep "$IDLE"
  # Under qemu-user the agent is the qemu process itself (same PID, guest code translated inside it).
  target=$pid
  : >"$dir/rss"
  for i in $(seq 1 "$SAMPLES"); do rss_sample "$target" >>"$dir/rss"; sleep 1; done
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
  case "$runtime" in
    docker) remove_node_containers "$node" ;;
    containerd) remove_containerd_node "$node" ;;
    *) kill_node_processes "$dir" "$node" ;;
  esac
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
  if ((CONTAINERD)); then
    # Ten busybox containers on a private containerd (host network), driven through its gRPC API.
    start_private_containerd
    ten_containers_yaml >"$WORK/ten-containers.yaml"
    AGENT_FLAGS=(--containerd-socket "$CONTAINERD_SOCKET" --containerd-namespace edgemano)
    measure_idle_rss 10_containerd "$AGENT" containerd "$WORK/ten-containers.yaml"
    AGENT_FLAGS=()
  fi
  if ((CLUSTER)); then
    # The cluster build with the Kubernetes driver loaded but no cluster reachable (a kubeconfig
    # naming a loopback port nobody listens on: its list/watch calls fail and retry with backoff),
    # running the 10 process workloads: the cost of carrying KubernetesClient, not of a busy cluster.
    port=$(comm -23 <(seq 20000 20999) <(ss -Htan | awk '{print $4}' | sed 's/.*://' | sort -u) | shuf -n 1)
    printf 'apiVersion: v1\nkind: Config\nclusters: [{name: none, cluster: {server: "https://127.0.0.1:%s", insecure-skip-tls-verify: true}}]\nusers: [{name: agent, user: {token: bench}}]\ncontexts: [{name: none, context: {cluster: none, user: agent}}]\ncurrent-context: none\n' \
      "$port" >"$WORK/kubeconfig-unreachable.yaml"
    AGENT_FLAGS=(--kubeconfig "$WORK/kubeconfig-unreachable.yaml")
    measure_idle_rss cluster_10_processes_no_api "$CLUSTER_AGENT" kubernetes "$REPO/examples/ten-processes.yaml"
    AGENT_FLAGS=()
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
