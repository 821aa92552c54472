#!/usr/bin/env bash
# Planner figures (figure 4): runs bench/EdgeMano.Bench several times under the JIT and native
# (AOT, the agent's code-generation settings) and prints, per figure, the median over the runs:
# one `name value` line each on stdout; each run's own output goes to stderr.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/planner-bench.sh [options]
  --runs N          bench processes per mode (default 3); the figure is the median of their medians
  --iterations N    timed iterations per process (default 2000; >= 1000 for the recorded figures)
  --workloads N     desired workloads = observed instances (default 1000)
  --mode M          jit | aot | both (default both)
  --reuse           reuse the previous build/publish of EdgeMano.Bench
  --scaling         also time sizes 250, 500, 2000 (one run each, 200 iterations): shows how cost grows
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$REPO/bench/EdgeMano.Bench/EdgeMano.Bench.csproj"
JIT_DLL="$REPO/bench/EdgeMano.Bench/bin/Release/net10.0/EdgeMano.Bench.dll"
AOT_EXE="$REPO/bench/EdgeMano.Bench/bin/Release/net10.0/linux-x64/publish/EdgeMano.Bench"
RUNS=3 ITERATIONS=2000 WORKLOADS=1000 MODE=both REUSE=0 SCALING=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --iterations) ITERATIONS=$2; shift ;;
    --workloads) WORKLOADS=$2; shift ;;
    --mode) MODE=$2; shift ;;
    --reuse) REUSE=1 ;;
    --scaling) SCALING=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$MODE" in jit|aot|both) ;; *) echo "--mode: expected jit, aot or both" >&2; exit 2 ;; esac

WORK=$(mktemp -d /tmp/edgemano-planner-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { echo "[planner-bench] $*" >&2; }

build() { # mode
  local out="$WORK/build-$1.log"
  if [[ $1 == jit ]]; then
    ((REUSE)) && [[ -f "$JIT_DLL" ]] && return 0
    log "dotnet build bench/EdgeMano.Bench -c Release"
    dotnet build "$PROJECT" -c Release >"$out" 2>&1 || { grep -E 'error' "$out" | sort -u >&2; return 1; }
  else
    ((REUSE)) && [[ -x "$AOT_EXE" ]] && return 0
    log "dotnet publish bench/EdgeMano.Bench -c Release -r linux-x64 -p:BenchAot=true"
    dotnet publish "$PROJECT" -c Release -r linux-x64 -p:BenchAot=true >"$out" 2>&1 || { grep -E 'error' "$out" | sort -u >&2; return 1; }
  fi
}

bench() { # mode args...
  local mode=$1; shift
  if [[ $mode == jit ]]; then dotnet "$JIT_DLL" "$@"; else "$AOT_EXE" "$@"; fi
}

modes=()
[[ $MODE == jit || $MODE == both ]] && modes+=(jit)
[[ $MODE == aot || $MODE == both ]] && modes+=(aot)

for mode in "${modes[@]}"; do
  build "$mode"
  for run in $(seq 1 "$RUNS"); do
    log "$mode run $run/$RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    out="$WORK/run-$mode-$run"
    bench "$mode" --workloads "$WORKLOADS" --iterations "$ITERATIONS" >"$out"
    cat "$out" >&2  # not `tee /dev/stderr`: that truncates a stderr redirected to a file
    grep -v '^#' "$out" >>"$WORK/figures-$mode"
  done
  # Median per figure over the runs (gc counts are not numbers to take a median of: first run's).
  awk '
    $1 ~ /^gc_/ { if (!($1 in gc)) { gc[$1] = $2; order[++n] = $1 } next }
    { if (!($1 in count)) order[++n] = $1; v[$1, ++count[$1]] = $2 }
    END {
      for (i = 1; i <= n; i++) {
        name = order[i]
        if (name in gc) { print name, gc[name]; continue }
        c = count[name]
        for (a = 1; a <= c; a++) s[a] = v[name, a]
        for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (s[b] + 0 < s[a] + 0) { t = s[a]; s[a] = s[b]; s[b] = t }
        m = (c % 2) ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
        print name, m
      }
    }' "$WORK/figures-$mode"
  if ((SCALING)); then
    for n in 250 500 2000; do
      log "$mode scaling: $n workloads"
      bench "$mode" --workloads "$n" --iterations 200 --warmup-seconds 1 | grep -E '_cpu_median_us_|_alloc_bytes_per_op_'
    done
  fi
done
