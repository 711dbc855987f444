#!/usr/bin/env bash
# Benchmark (not a test): server-side apply of N generated VMs to the in-repo API emulator,
# with the plugin and with `kubectl apply --server-side -f DIR` on the same manifests, each
# against a fresh emulator; then a second, no-op run of each. Prints the times and ratios.
#
#   bench/apply.sh [N]            (default 500; needs kubectl and bc on PATH)
#   PLUGIN=target/debug/kubectl-vmmigrate bench/apply.sh 500   (skip the release build)
#
# The plugin is built with the release profile (kubectl is an optimised binary too); the
# emulator is the same debug build for both clients.
set -euo pipefail
N=${1:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
[ -n "${PLUGIN:-}" ] || cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin kubectl-vmmigrate
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p vmmigrate-testcluster --example test-cluster
PLUGIN=${PLUGIN:-$TARGET/release/kubectl-vmmigrate}
EMULATOR=$TARGET/debug/examples/test-cluster
KUBECTL=${KUBECTL:-kubectl}
WORK=$(mktemp -d)
EMU_PID=
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/specs"
for i in $(seq 1 "$N"); do
  printf 'name: bench-vm-%04d\ncores: 2\nsockets: 1\nmemory: 4096\nostype: l26\nnet0: virtio=BC:24:11:%02X:%02X:%02X,bridge=vmbr0\nscsi0: local-lvm:vm-%d-disk-0,size=20G\n' \
    "$i" $((i / 65536 % 256)) $((i / 256 % 256)) $((i % 256)) "$i" >"$WORK/specs/$i.conf"
done
"$PLUGIN" import "$WORK/specs" --output-dir "$WORK/manifests" 2>/dev/null
rm -f "$WORK/manifests/kustomization.yaml" # kubectl -f DIR would try to apply it

start_emulator() {
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null || true
  rm -f "$WORK/kc"
  "$EMULATOR" --no-simulator --kubeconfig-out "$WORK/kc" >"$WORK/emulator.log" 2>&1 &
  EMU_PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/kc" ] && break; sleep 0.1; done
}

seconds() { # runs "$@" quietly, prints the wall time in seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l | xargs printf '%.2f'
}

start_emulator
plugin_first=$(seconds "$PLUGIN" apply "$WORK/manifests" --kubeconfig "$WORK/kc" --yes)
plugin_again=$(seconds "$PLUGIN" apply "$WORK/manifests" --kubeconfig "$WORK/kc" --yes)
start_emulator
kubectl_first=$(seconds "$KUBECTL" apply --server-side -f "$WORK/manifests" --kubeconfig "$WORK/kc")
kubectl_again=$(seconds "$KUBECTL" apply --server-side -f "$WORK/manifests" --kubeconfig "$WORK/kc")

printf '%s VMs              plugin    kubectl   kubectl/plugin\n' "$N"
printf 'first apply      %7ss  %7ss   %6.1fx\n' "$plugin_first" "$kubectl_first" "$(echo "$kubectl_first / $plugin_first" | bc -l)"
printf 'second (no-op)   %7ss  %7ss   %6.1fx\n' "$plugin_again" "$kubectl_again" "$(echo "$kubectl_again / $plugin_again" | bc -l)"
