#!/usr/bin/env bash
# README "run" command: the control plane with its embedded MQTT broker and one local agent
# connected to it, on Docker. Builds everything, starts dockerd if needed, installs
# edgemano / edgemano-plane / edgemano-agent into /usr/local/bin, starts the plane in the
# background and the agent in the foreground. Ctrl-C stops both; workloads keep running and the
# agent adopts them at its next start.
#   EDGEMANO_HTTP_PORT (8080)  EDGEMANO_MQTT_PORT (1883)  EDGEMANO_NODE_ID (host name)
set -euo pipefail
cd "$(dirname "$0")/.."
. installers/lib/prereqs.sh

HTTP_PORT=${EDGEMANO_HTTP_PORT:-8080}
MQTT_PORT=${EDGEMANO_MQTT_PORT:-1883}
AGENT_STATE=/var/lib/edgemano
PLANE_STATE=/var/lib/edgemano-plane
em_install_runtime_deps
em_apt_install clang lld zlib1g-dev
em_ensure_dockerd
em_ensure_busybox_image
em_require_free_port "$HTTP_PORT" "plane HTTP" EDGEMANO_HTTP_PORT
em_require_free_port "$MQTT_PORT" "embedded MQTT broker" EDGEMANO_MQTT_PORT

echo "building edgemano-agent (native AOT), edgemano-plane and edgemano ..."
RID=$(em_host_rid)
em_publish_agent "$RID" "artifacts/agent/$RID"
em_build_plane artifacts
install -m 0755 "artifacts/agent/$RID/edgemano-agent" /usr/local/bin/edgemano-agent
ln -sf "$PWD/artifacts/plane/edgemano-plane" /usr/local/bin/edgemano-plane
ln -sf "$PWD/artifacts/cli/edgemano" /usr/local/bin/edgemano

mkdir -p "$PLANE_STATE"
edgemano-plane --state-dir "$PLANE_STATE" --http-port "$HTTP_PORT" --mqtt-port "$MQTT_PORT" >>"$PLANE_STATE/plane.log" 2>&1 &
PLANE_PID=$!
trap 'kill -TERM $PLANE_PID 2>/dev/null; wait $PLANE_PID 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
  kill -0 $PLANE_PID 2>/dev/null || { echo "edgemano-plane exited; see $PLANE_STATE/plane.log" >&2; tail -5 "$PLANE_STATE/plane.log" >&2; exit 1; }
  sleep 0.2
done

cat <<HINT

edgemano-plane is up: http://127.0.0.1:$HTTP_PORT (REST /api/v1, gRPC; log $PLANE_STATE/plane.log),
embedded MQTT broker on :$MQTT_PORT. The agent runs below, labelled tier=edge. In another shell:

  edgemano --server http://127.0.0.1:$HTTP_PORT deploy -f examples/deployments/web.yaml
  edgemano --server http://127.0.0.1:$HTTP_PORT nodes list
  edgemano --server http://127.0.0.1:$HTTP_PORT status NODE      # NODE: the id nodes list shows
  edgemano --help

HINT
edgemano-agent run --state-dir "$AGENT_STATE" --runtime docker --labels tier=edge \
  --broker "mqtt://127.0.0.1:$MQTT_PORT" ${EDGEMANO_NODE_ID:+--node-id "$EDGEMANO_NODE_ID"}
