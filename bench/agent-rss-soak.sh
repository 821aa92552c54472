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
  --variant TAG[:K=V,..][@BINARY]
                         an agent to watch, with extra environment and optionally another
                         binary (repeatable), e.g. --variant default
                         --variant gen0_4m:DOTNET_GCgen0size=400000 --variant old@/tmp/old/edgemano-agent
                         (default: one variant "default")
  --runtime R            process (default) or docker (10 busybox containers)
  --reuse                reuse artifacts/agent/linux-x64/edgemano-agent when present
  --agent PATH           use this agent binary (for variants without @BINARY) instead of publishing
  --marks S,S,..         also print VmRSS/RssAnon/RssFile at these seconds of the watch (default 10,300,900)
  --details DIR          keep each variant's time series and smaps breakdowns (at the first mark
                         and at the end) in DIR
EOF
}

MINUTES=10 INTERVAL=10 RUNTIME=process REUSE=0 DETAILS="" AGENT_OVERRIDE="" MARKS=10,300,900
declare -a VARIANTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES=$2; shift ;;
    --interval) INTERVAL=$2; shift ;;
    --variant) VARIANTS+=("$2"); shift ;;
    --runtime) RUNTIME=$2; shift ;;
    --reuse) REUSE=1 ;;
    --agent) AGENT_OVERRIDE=$2; shift ;;
    --marks) MARKS=$2; shift ;;
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
if [[ -n "$AGENT_OVERRIDE" ]]; then
  [[ -x "$AGENT_OVERRIDE" ]] || { echo "--agent: $AGENT_OVERRIDE is not an executable" >&2; exit 2; }
  AGENT=$(realpath "$AGENT_OVERRIDE")
else
  publish linux-x64 "$REUSE"
fi

YAML="$REPO/examples/ten-processes.yaml"
if [[ $RUNTIME == docker ]]; then
  docker info >/dev/null 2>&1 || { log "docker: no reachable dockerd at /var/run/docker.sock (start dockerd, see shared/PLATFORM.md)"; exit 1; }
  ensure_busybox_image
  YAML="$WORK/ten-containers.yaml"
  ten_containers_yaml >"$YAML"
fi

declare -A PID_OF=()
for variant in "${VARIANTS[@]}"; do
  binary=$AGENT
  if [[ "$variant" == *@* ]]; then binary=$(realpath "${variant#*@}"); variant=${variant%%@*}; fi
  [[ -x "$binary" ]] || { log "variant $variant: $binary is not an executable"; exit 2; }
  tag=${variant%%:*}
  envs=(); [[ "$variant" == *:* ]] && IFS=, read -r -a envs <<<"${variant#*:}"
  node="$RUN_ID-soak-$tag" dir="$WORK/$tag"
  mkdir -p "$dir"
  if [[ $RUNTIME == docker ]]; then CONTAINER_NODES+=("$node"); else PROCESS_NODES+=("$dir|$node"); fi
  "$binary" apply -f "$YAML" --state-dir "$dir" --node-id "$node" >/dev/null
  start_agent "$binary" "$dir" "$node" "$RUNTIME" "$dir/agent.log" env "${envs[@]}"
  PID_OF[$tag]=$AGENT_PID
  wait_running "$binary" "$dir" "$node" 10 240 "$AGENT_PID"
  log "$tag: agent $AGENT_PID, 10 Running (env: ${envs[*]:-none}; binary $binary, $(stat -c %s "$binary") B, $(sha256sum "$binary" | cut -c1-12))"
done

IFS=, read -r -a MARK_LIST <<<"$MARKS"
first_mark=${MARK_LIST[0]:-10}
end=$((SECONDS + MINUTES * 60)) t0=$SECONDS smaps_taken=0
while :; do  # the last sample is taken at or after the end, so a mark at the full length is there
  for tag in "${!PID_OF[@]}"; do
    echo "$((SECONDS - t0)) $(rss_sample "${PID_OF[$tag]}")" >>"$WORK/series-$tag"
  done
  if [[ -n "$DETAILS" ]] && ((!smaps_taken && SECONDS - t0 >= first_mark)); then
    for tag in "${!PID_OF[@]}"; do smaps_breakdown "${PID_OF[$tag]}" >"$DETAILS/smaps-$RUNTIME-$tag-${first_mark}s.txt"; done
    smaps_taken=1
  fi
  ((SECONDS < end)) || break
  sleep "$INTERVAL"
done

for variant in "${VARIANTS[@]}"; do
  variant=${variant%%@*} tag=${variant%%:*}
  s="$WORK/series-$tag"
  log "$tag (s VmRSS RssAnon RssFile): $(tr '\n' ';' <"$s")"
  name="soak_rss_10_${RUNTIME}_${tag}_${MINUTES}min"
  figure "${name}_max_vmrss_kb" "$(awk '$2 > m {m = $2} END {print m}' "$s")"
  figure "${name}_final_vmrss_kb" "$(tail -1 "$s" | awk '{print $2}')"
  figure "${name}_max_rss_anon_kb" "$(awk '$3 > m {m = $3} END {print m}' "$s")"
  figure "${name}_final_rss_anon_kb" "$(tail -1 "$s" | awk '{print $3}')"
  figure "${name}_final_rss_file_kb" "$(tail -1 "$s" | awk '{print $4}')"
  for mark in "${MARK_LIST[@]}"; do
    # The first sample at or after the mark (none when the watch was shorter).
    read -r at vm anon file < <(awk -v m="$mark" '$1 >= m {print; exit}' "$s") || continue
    figure "${name}_at_${mark}s_vmrss_kb" "$vm"
    figure "${name}_at_${mark}s_rss_anon_kb" "$anon"
    figure "${name}_at_${mark}s_rss_file_kb" "$file"
  done
  if [[ -n "$DETAILS" ]]; then
    cp "$s" "$DETAILS/series-$RUNTIME-$tag.txt"
    smaps_breakdown "${PID_OF[$tag]}" >"$DETAILS/smaps-$RUNTIME-$tag.txt"
  fi
done
