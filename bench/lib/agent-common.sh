# Shared by bench/agent-footprint.sh and bench/agent-rss-soak.sh (sourced, not run).
# Everything started is registered here and stopped by cleanup(): agents by PID, process
# workloads by PID after checking their EDGEMANO_NODE, containers by label edgemano.node=<node>.
# Node ids carry RUN_ID (script PID + random), so nothing another run or person started matches.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
AGENT="$REPO/artifacts/agent/linux-x64/edgemano-agent"
AGENT_ARM64="$REPO/artifacts/agent/linux-arm64/edgemano-agent"
RUN_ID="fp$$x$RANDOM"
WORK=$(mktemp -d /tmp/edgemano-bench.XXXXXX)
declare -a AGENT_PIDS=() PROCESS_NODES=() CONTAINER_NODES=() CONTAINERD_NODES=() AGENT_FLAGS=()
AGENT_PID=""
CONTAINERD_PID="" CONTAINERD_SOCKET=""

log() { echo "[${LOG_TAG:-bench}] $*" >&2; }
figure() { echo "$1 $2"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"; exit} if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}'; }

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
  # Also any restarted instance a marker no longer names.
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
  if declare -F stop_private_containerd >/dev/null; then  # lib/private-containerd.sh, when sourced
    for entry in "${CONTAINERD_NODES[@]}"; do remove_containerd_node "$entry"; done
    stop_private_containerd
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_agent() { # binary state-dir node runtime logfile [prefix...]  -> sets AGENT_PID; AGENT_FLAGS are added
  local bin=$1 dir=$2 node=$3 runtime=$4 logfile=$5; shift 5
  "$@" "$bin" run --state-dir "$dir" --node-id "$node" --runtime "$runtime" "${AGENT_FLAGS[@]}" >"$logfile" 2>&1 &
  AGENT_PID=$!
  AGENT_PIDS+=("$AGENT_PID")
}

forget_agent() { # pid
  local -a keep=()
  local p
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
    ((${n:-0} >= $4)) && return 0
    sleep 0.5
  done
  log "only $n of $4 workloads Running after $5 s"; return 1
}

# Sums Rss/Anonymous per mapping (file path, or [heap]/[anon]/...) from /proc/PID/smaps, largest first.
smaps_breakdown() { # pid
  awk '
    /^[0-9a-f]+-[0-9a-f]+ / { name = (NF >= 6) ? $6 : "[anon]"; next }
    /^Rss:/       { rss[name] += $2 }
    /^Anonymous:/ { anon[name] += $2 }
    END { for (n in rss) if (rss[n] > 0) printf "%8d kB rss %8d kB anon  %s\n", rss[n], anon[n], n }
  ' "/proc/$1/smaps" | sort -rn
}

# VmRSS RssAnon RssFile in kB.
rss_sample() { # pid
  awk '/^VmRSS:/{v=$2} /^RssAnon:/{a=$2} /^RssFile:/{f=$2} END {print v, a, f}' "/proc/$1/status"
}

publish() { # rid reuse(0|1)
  local rid=$1 out="$REPO/artifacts/agent/$1"
  if (($2)) && [[ -x "$out/edgemano-agent" ]]; then log "reusing $out/edgemano-agent"; return 0; fi
  log "dotnet publish edge-agent/EdgeMano.Agent.Host/EdgeMano.Agent.Host.csproj -c Release -r $rid -o artifacts/agent/$rid"
  if ! (cd "$REPO" && dotnet publish edge-agent/EdgeMano.Agent.Host/EdgeMano.Agent.Host.csproj -c Release -r "$rid" -o "artifacts/agent/$rid") >"$WORK/publish-$rid.log" 2>&1; then
    log "publish for $rid failed:"; grep -E 'error' "$WORK/publish-$rid.log" | sort -u | tail -20 >&2; return 1
  fi
}


publish_cluster() { # reuse(0|1) -> sets CLUSTER_AGENT
  local out="$REPO/artifacts/agent-cluster/linux-x64"
  CLUSTER_AGENT="$out/edgemano-agent-cluster"
  if (($1)) && [[ -x "$CLUSTER_AGENT" ]]; then log "reusing $CLUSTER_AGENT"; return 0; fi
  log "dotnet publish edge-agent/EdgeMano.Agent.Host.Cluster/EdgeMano.Agent.Host.Cluster.csproj -c Release -r linux-x64 -o artifacts/agent-cluster/linux-x64"
  if ! (cd "$REPO" && dotnet publish edge-agent/EdgeMano.Agent.Host.Cluster/EdgeMano.Agent.Host.Cluster.csproj -c Release -r linux-x64 -o "artifacts/agent-cluster/linux-x64") >"$WORK/publish-cluster.log" 2>&1; then
    log "publish of the cluster agent failed:"; grep -E 'error' "$WORK/publish-cluster.log" | sort -u | tail -20 >&2; return 1
  fi
}

# Ten containers like examples/ten-processes.yaml: busybox sleeping an hour.
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

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "'$tool' not found (apt-get install $tool / install the .NET SDK)" >&2; exit 1; }
  done
}
