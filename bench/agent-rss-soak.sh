#!/usr/bin/env bash
# RSS of an idle agent over minutes, not seconds: the 10 s figure of agent-footprint.sh shows
# the floor, this shows where RSS settles once the GC has run (garbage made while idle is
# only given back after a gen0 collection, and the gen0 budget can be tens of MB).
# Each variant is one agent with the 10 workloads of examples/ten-processes.yaml (or 10
# containers), all variants side by side in the same time window. Prints one line per figure.
set -euo pipefail
LOG_TAG=rss-soak
source "$(dirname "${BASH_SOURCE[0]}")/lib/agent-common.sh"

usage() {
  cat <<'EOF'
usage: bench/agent-rss-soak.sh [options]
  --minutes M            how long to watch (default 10)
  --interval S           seconds between samples (default 10)
  --variant TAG[:K=V,..] an agent to watch, with extra environment (repeatable), e.g.
                         --variant default --variant gen0_4m:DOTNET_GCgen0size=400000
                         (default: one variant "default")
  --runtime R            process (default) or docker (10 busybox containers)
  --reuse                reuse artifacts/agent/linux-x64/edgemano-agent when present
  --details DIR          keep each variant's time series and final smaps breakdown in DIR
EOF
}

MINUTES=10 INTERVAL=10 RUNTIME=process REUSE=0 DETAILS=""
declare -a VARIANTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES=$2; shift ;;
    --interval) INTERVAL=$2; shift ;;
    --variant) VARIANTS+=("$2"); shift ;;
    --runtime) RUNTIME=$2; shift ;;
    --reuse) REUSE=1 ;;
    --details) DETAILS=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
((${#VARIANTS[@]})) || VARIANTS=(default)
case "$RUNTIME" in process|docker) ;; *) echo "--runtime: expected process or docker" >&2; exit 2 ;; esac
require_tools jq dotnet awk
[[ -n "$DETAILS" ]] && mkdir -p "$DETAILS"
publish linux-x64 "$REUSE"

YAML="$REPO/examples/ten-processes.yaml"
if [[ $RUNTIME == docker ]]; then
  docker info >/dev/null 2>&1 || { log "docker: no reachable dockerd at /var/run/docker.sock (start dockerd, see shared/PLATFORM.md)"; exit 1; }
  ensure_busybox_image
  YAML="$WORK/ten-containers.yaml"
  ten_containers_yaml >"$YAML"
fi

declare -A PID_OF=()
for variant in "${VARIANTS[@]}"; do
  tag=${variant%%:*}
  envs=(); [[ "$variant" == *:* ]] && IFS=, read -r -a envs <<<"${variant#*:}"
  node="$RUN_ID-soak-$tag" dir="$WORK/$tag"
  mkdir -p "$dir"
  if [[ $RUNTIME == docker ]]; then CONTAINER_NODES+=("$node"); else PROCESS_NODES+=("$dir|$node"); fi
  "$AGENT" apply -f "$YAML" --state-dir "$dir" --node-id "$node" >/dev/null
  start_agent "$AGENT" "$dir" "$node" "$RUNTIME" "$dir/agent.log" env "${envs[@]}"
  PID_OF[$tag]=$AGENT_PID
  wait_running "$AGENT" "$dir" "$node" 10 240 "$AGENT_PID"
  log "$tag: agent $AGENT_PID, 10 Running (env: ${envs[*]:-none})"
done

end=$((SECONDS + MINUTES * 60)) t0=$SECONDS
while ((SECONDS < end)); do
  for tag in "${!PID_OF[@]}"; do
    echo "$((SECONDS - t0)) $(rss_sample "${PID_OF[$tag]}")" >>"$WORK/series-$tag"
  done
  sleep "$INTERVAL"
done

for variant in "${VARIANTS[@]}"; do
  tag=${variant%%:*} s="$WORK/series-${variant%%:*}"
  log "$tag (s VmRSS RssAnon RssFile): $(tr '\n' ';' <"$s")"
  name="soak_rss_10_${RUNTIME}_${tag}_${MINUTES}min"
  figure "${name}_max_vmrss_kb" "$(awk '$2 > m {m = $2} END {print m}' "$s")"
  figure "${name}_final_vmrss_kb" "$(tail -1 "$s" | awk '{print $2}')"
  figure "${name}_max_rss_anon_kb" "$(awk '$3 > m {m = $3} END {print m}' "$s")"
  if [[ -n "$DETAILS" ]]; then
    cp "$s" "$DETAILS/series-$RUNTIME-$tag.txt"
    smaps_breakdown "${PID_OF[$tag]}" >"$DETAILS/smaps-$RUNTIME-$tag.txt"
  fi
done
