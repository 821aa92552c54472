# A private containerd for bench/agent-footprint.sh (sourced after lib/agent-common.sh): its own
# root, state and socket under $WORK, with local/busybox:1 imported into namespace edgemano from a
# docker-save archive made here (no docker, no registry). Stopped by its PID at exit (cleanup()
# in agent-common.sh); containers are removed by label edgemano.node=<this run's node id> only.

ctr_private() { ctr --address "$CONTAINERD_SOCKET" --namespace edgemano "$@"; }

start_private_containerd() {
  local d="$WORK/ctd" i
  command -v containerd >/dev/null && command -v ctr >/dev/null || { log "containerd/ctr not found (apt-get install containerd)"; return 1; }
  mkdir -p "$d/root" "$d/state" "$d/opt"
  CONTAINERD_SOCKET="$d/c.sock"
  {
    echo 'version = 2'
    echo "root = \"$d/root\""
    echo "state = \"$d/state\""
    echo 'disabled_plugins = ["io.containerd.grpc.v1.cri"]'
    printf '[grpc]\n  address = "%s"\n[ttrpc]\n  address = "%s.ttrpc"\n' "$CONTAINERD_SOCKET" "$CONTAINERD_SOCKET"
    printf '[debug]\n  address = ""\n[metrics]\n  address = ""\n'
    printf '[plugins."io.containerd.internal.v1.opt"]\n  path = "%s"\n' "$d/opt"
  } >"$d/config.toml"
  containerd --config "$d/config.toml" >"$d/containerd.log" 2>&1 &
  CONTAINERD_PID=$!
  for i in $(seq 1 100); do ctr_private version >/dev/null 2>&1 && break; sleep 0.1; done
  ctr_private version >/dev/null 2>&1 || { log "private containerd did not answer:"; tail -5 "$d/containerd.log" >&2; return 1; }
  log "private containerd pid $CONTAINERD_PID at unix://$CONTAINERD_SOCKET"
  busybox_docker_archive "$d/busybox.tar"
  ctr_private images import "$d/busybox.tar" >/dev/null
}

stop_private_containerd() {
  [[ -n "${CONTAINERD_PID:-}" ]] || return 0
  kill -TERM "$CONTAINERD_PID" 2>/dev/null || true
  wait "$CONTAINERD_PID" 2>/dev/null || true
  CONTAINERD_PID=""
}

remove_containerd_node() { # node
  local id
  [[ -n "${CONTAINERD_PID:-}" ]] || return 0
  for id in $(ctr_private containers ls -q "labels.\"edgemano.node\"==\"$1\"" 2>/dev/null); do
    ctr_private tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 || true
    ctr_private tasks rm -f "$id" >/dev/null 2>&1 || true
    ctr_private containers rm "$id" >/dev/null 2>&1 || true
  done
}

# A docker-save archive of the busybox-static rootfs tagged local/busybox:1.
busybox_docker_archive() { # out.tar
  local a="$WORK/archive" r="$WORK/archive-rootfs" diff cfg app
  rm -rf "$a" "$r"; mkdir -p "$a" "$r/bin" "$r/tmp" "$r/etc" "$r/www" "$r/proc" "$r/sys" "$r/dev"
  cp /bin/busybox "$r/bin/"
  for app in sh sleep httpd nc ls cat echo ps env true false test kill; do ln -s busybox "$r/bin/$app"; done
  echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"; echo 'root:x:0:' >"$r/etc/group"
  tar -C "$r" -cf "$a/layer.tar" .
  diff=$(sha256sum "$a/layer.tar" | cut -d' ' -f1)
  mkdir -p "$a/$diff" && mv "$a/layer.tar" "$a/$diff/layer.tar"
  printf '{"architecture":"%s","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["/bin/sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$(dpkg --print-architecture 2>/dev/null || echo amd64)" "$diff" >"$a/config.json"
  cfg=$(sha256sum "$a/config.json" | cut -d' ' -f1)
  mv "$a/config.json" "$a/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["local/busybox:1"],"Layers":["%s/layer.tar"]}]' "$cfg" "$diff" >"$a/manifest.json"
  tar -C "$a" -cf "$1" manifest.json "$cfg.json" "$diff"
}
