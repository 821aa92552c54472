#!/usr/bin/env bash
# README "run" command: builds the native-AOT agent, starts Docker if needed, applies the example
# desired state (three containers) and runs the agent in the foreground. Ctrl-C stops the agent;
# its workloads keep running and are adopted at the next start.
set -euo pipefail
cd "$(dirname "$0")/.."
. installers/lib/prereqs.sh

STATE_DIR=${EDGEMANO_STATE_DIR:-/var/lib/edgemano}
em_install_runtime_deps
em_apt_install clang lld zlib1g-dev
em_ensure_dockerd
em_ensure_busybox_image
echo "building edgemano-agent (native AOT) ..."
em_publish_agent linux-x64 artifacts/agent/linux-x64
install -m 0755 artifacts/agent/linux-x64/edgemano-agent /usr/local/bin/edgemano-agent
edgemano-agent apply -f examples/three-containers.yaml --state-dir "$STATE_DIR"
cat <<HINT

The agent now runs in the foreground with state in $STATE_DIR. In another shell:
  edgemano-agent status --state-dir $STATE_DIR
  edgemano-agent apply -f examples/ten-processes.yaml --state-dir $STATE_DIR
  edgemano-agent --help
HINT
exec edgemano-agent run --state-dir "$STATE_DIR"
