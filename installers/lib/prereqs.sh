#!/usr/bin/env bash
# Shared by the README's run and test commands: installs Debian packages (idempotent) and starts
# the services EdgeMano needs on a fresh Debian machine, as root, with only the .NET SDK present.

export DEBIAN_FRONTEND=noninteractive
EM_APT_UPDATED=${EM_APT_UPDATED:-}

em_apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  if [ -z "$EM_APT_UPDATED" ]; then apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null; EM_APT_UPDATED=1; fi
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Native AOT for linux-x64 and a cross build for linux-arm64 (run under qemu-user).
em_install_aot_toolchain() {
  em_apt_install clang lld zlib1g-dev
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then dpkg --add-architecture arm64; EM_APT_UPDATED=; fi
  em_apt_install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross zlib1g-dev:arm64 libc6:arm64 qemu-user-static
}

em_install_runtime_deps() {
  em_apt_install docker.io busybox-static iptables ca-certificates curl procps mosquitto mosquitto-clients
}

# Starts dockerd unless one answers on /var/run/docker.sock. Sets EM_STARTED_DOCKERD to its PID
# when this script started it, so only that one is stopped again.
em_ensure_dockerd() {
  EM_STARTED_DOCKERD=
  if curl -fsS --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1; then return 0; fi
  command -v dockerd >/dev/null || { echo "dockerd not found: apt-get install -y docker.io" >&2; return 1; }
  dockerd >/tmp/edgemano-dockerd.log 2>&1 &
  EM_STARTED_DOCKERD=$!
  for _ in $(seq 1 100); do
    curl -fsS --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "dockerd did not become ready; see /tmp/edgemano-dockerd.log" >&2
  return 1
}

# Builds local/busybox:1 from busybox-static (no registry is reachable; nothing is pulled).
em_ensure_busybox_image() {
  docker image inspect local/busybox:1 >/dev/null 2>&1 && return 0
  local r; r=$(mktemp -d)
  mkdir -p "$r"/{bin,tmp,etc,www,proc,sys,dev}
  cp /bin/busybox "$r/bin/"
  for a in sh sleep httpd nc ls cat echo ps env true false test kill wget date mkdir rm; do ln -sf busybox "$r/bin/$a"; done
  echo 'root:x:0:0:root:/:/bin/sh' > "$r/etc/passwd"; echo 'root:x:0:' > "$r/etc/group"
  echo 'EdgeMano example page' > "$r/www/index.html"
  tar -C "$r" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - local/busybox:1 >/dev/null
  rm -rf "$r"
}

# Publishes the agent with native AOT; an AOT or trim warning fails (TreatWarningsAsErrors).
em_publish_agent() {
  local rid=$1 out=$2
  dotnet publish edge-agent/EdgeMano.Agent.Host/EdgeMano.Agent.Host.csproj -c Release -r "$rid" -o "$out" -nologo -v quiet -p:DebugType=none
}

# Publishes the cluster agent (edgemano-agent-cluster: the agent plus the Kubernetes driver), AOT like the agent.
em_publish_agent_cluster() {
  local rid=$1 out=$2
  dotnet publish edge-agent/EdgeMano.Agent.Host.Cluster/EdgeMano.Agent.Host.Cluster.csproj -c Release -r "$rid" -o "$out" -nologo -v quiet -p:DebugType=none
}

# The runtime identifier of this machine (linux-x64 or linux-arm64).
em_host_rid() {
  case "$(uname -m)" in
    aarch64|arm64) echo linux-arm64 ;;
    *) echo linux-x64 ;;
  esac
}

# Publishes the control plane alone (framework-dependent; the plane may use any package as is),
# ReadyToRun for this machine: precompiled code spares the plane most of its start-up compiling,
# which made its first changes several times slower than the ones after.
em_publish_plane() {
  local out=$1
  dotnet publish control-plane/EdgeMano.Plane.Host/EdgeMano.Plane.Host.csproj -c Release -r "$(em_host_rid)" --self-contained false \
    -p:PublishReadyToRun=true -o "$out" -nologo -v quiet -p:DebugType=none
}

# Builds the control plane and the CLI.
em_build_plane() {
  local out=$1
  em_publish_plane "$out/plane" &&
  dotnet publish control-plane/EdgeMano.Cli/EdgeMano.Cli.csproj -c Release -o "$out/cli" -nologo -v quiet -p:DebugType=none
}

# Fails with a clear message when a TCP port is already taken (the run command uses fixed defaults).
em_require_free_port() {
  local port=$1 what=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port ($what) is in use; set ${3} to another port" >&2
    return 1
  fi
}
