#!/usr/bin/env bash
# README "test" command (and .ci/run): installs what the tests need, starts dockerd, builds with
# warnings as errors, publishes the native-AOT agent for linux-x64 and linux-arm64 (and the cluster
# agent, edgemano-agent-cluster, for linux-x64), runs every
# test project, and ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
. installers/lib/prereqs.sh

results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
infra_failed=0
fail_step() { echo "FAILED: $1" >&2; infra_failed=$((infra_failed + 1)); }

em_install_runtime_deps || fail_step "apt-get install docker.io busybox-static iptables"
em_install_aot_toolchain || fail_step "apt-get install clang lld gcc-aarch64-linux-gnu qemu-user-static (AOT toolchain)"
em_ensure_dockerd || fail_step "start dockerd"
cleanup() { [ -n "${EM_STARTED_DOCKERD:-}" ] && kill -TERM "$EM_STARTED_DOCKERD" 2>/dev/null; wait "${EM_STARTED_DOCKERD:-}" 2>/dev/null; true; }
trap cleanup EXIT

echo "== build (warnings are errors)"
dotnet build EdgeMano.sln -c Release -nologo -v quiet -clp:ErrorsOnly || fail_step "dotnet build"

echo "== native AOT publish (an AOT/trim warning fails)"
em_publish_agent linux-x64 artifacts/agent/linux-x64 || fail_step "AOT publish linux-x64"
em_publish_agent linux-arm64 artifacts/agent/linux-arm64 || fail_step "AOT publish linux-arm64"
# One after the other: the two executables share project outputs.
em_publish_agent_cluster linux-x64 artifacts/agent-cluster/linux-x64 || fail_step "AOT publish cluster agent linux-x64"
export EDGEMANO_AGENT_BINARY=$PWD/artifacts/agent/linux-x64/edgemano-agent
export EDGEMANO_AGENT_ARM64_BINARY=$PWD/artifacts/agent/linux-arm64/edgemano-agent
export EDGEMANO_AGENT_CLUSTER_BINARY=$PWD/artifacts/agent-cluster/linux-x64/edgemano-agent-cluster

echo "== tests"
for proj in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "-- $name"
  dotnet test "$proj" -c Release --no-build -nologo -v quiet \
    --blame-hang-timeout 10m --logger "trx;LogFileName=$PWD/$results/$name.trx" --logger "console;verbosity=minimal" \
    || echo "$name reported failures"
  [ -f "$results/$name.trx" ] || fail_step "$name produced no results (crashed or did not build)"
done

# Sum the TRX counters of every project.
read -r passed failed skipped < <(
  for f in "$results"/*.trx; do [ -f "$f" ] && grep -o '<Counters [^>]*>' "$f"; done |
  awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]);
           if (kv[1] == "passed") p += kv[2]; if (kv[1] == "failed") f += kv[2];
           if (kv[1] == "notExecuted") s += kv[2]; } }
       END { printf "%d %d %d\n", p, f, s }')
failed=$((failed + infra_failed))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
