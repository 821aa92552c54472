#!/usr/bin/env bash
# Managed bytes an idle agent allocates (what makes its RSS grow until a GC): runs
# bench/EdgeMano.IdleAlloc under the JIT for the process driver and, with --docker, for Docker.
# Prints one `name value` line per figure on stdout; progress on stderr.
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/agent-idle-alloc.sh [options]
  --seconds S     length of one idle window (default 60; a resync runs every 30 s)
  --windows N     idle windows of the whole agent; the figure is their median (default 3)
  --docker        also measure the Docker driver (10 local/busybox:1 containers; needs dockerd)
  --reuse         do not rebuild bench/EdgeMano.IdleAlloc
EOF2
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROJECT="$REPO/bench/EdgeMano.IdleAlloc/EdgeMano.IdleAlloc.csproj"
DLL="$REPO/bench/EdgeMano.IdleAlloc/bin/Release/net10.0/EdgeMano.IdleAlloc.dll"
SECONDS_PER_WINDOW=60 WINDOWS=3 DOCKER=0 REUSE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_PER_WINDOW=$2; shift ;;
    --windows) WINDOWS=$2; shift ;;
    --docker) DOCKER=1 ;;
    --reuse) REUSE=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

if ((!REUSE)) || [[ ! -f "$DLL" ]]; then
  echo "[idle-alloc] dotnet build bench/EdgeMano.IdleAlloc -c Release" >&2
  dotnet build "$PROJECT" -c Release -v q -nologo >&2
fi
runtimes=(process)
if ((DOCKER)); then
  docker image inspect local/busybox:1 >/dev/null 2>&1 || { echo "local/busybox:1 is missing: run bench/agent-rss-soak.sh --runtime docker once, or see shared/PLATFORM.md" >&2; exit 1; }
  runtimes+=(docker)
fi
for runtime in "${runtimes[@]}"; do
  dotnet "$DLL" --runtime "$runtime" --seconds "$SECONDS_PER_WINDOW" --windows "$WINDOWS"
done
