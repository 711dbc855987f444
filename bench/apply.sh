#!/usr/bin/env bash
# Benchmark (not a test): server-side apply of N generated VMs to the in-repo API emulator,
# with the plugin and with `kubectl apply --server-side -f DIR` on the same manifests, each
# against a fresh emulator; then a second, no-op run of each. Prints the times and ratios,
# in two rows: the emulator as it is (it answers in about a millisecond), and the emulator
# made as slow as a real kube-apiserver 1.32 with etcd on this machine (WRITE_LATENCY_MS,
# default 35: what one server-side apply of a VM took there, measured with kubectl; reads
# come from the watch cache and get no delay). The first row shows client CPU, the second
# what a real server sees: how much parallel requests are worth.
#
#   bench/apply.sh [N]            (default 500; needs kubectl and bc on PATH)
#   PLUGIN=target/debug/kubectl-vmmigrate bench/apply.sh 500   (skip the plugin's release build)
#
# Both the plugin and the emulator are release builds (kubectl is an optimised binary too),
# the same emulator for both clients.
set -euo pipefail
N=${1:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
[ -n "${PLUGIN:-}" ] || cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" --bin kubectl-vmmigrate
cargo build --quiet --release --manifest-path "$ROOT/Cargo.toml" -p vmmigrate-testcluster --example test-cluster
PLUGIN=${PLUGIN:-$TARGET/release/kubectl-vmmigrate}
EMULATOR=${EMULATOR:-$TARGET/release/examples/test-cluster}
WRITE_LATENCY_MS=${WRITE_LATENCY_MS:-35}
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
  "$EMULATOR" --no-simulator --kubeconfig-out "$WORK/kc" "$@" >"$WORK/emulator.log" 2>&1 &
  EMU_PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/kc" ] && break; sleep 0.1; done
}

seconds() { # runs "$@" quietly, prints the wall time in seconds; its peak RSS (MiB) goes to $WORK/rss
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
  read -r wall kib <"$WORK/time"
  echo $((kib / 1024)) >"$WORK/rss"
  printf '%.2f' "$wall"
}

row() { # LABEL EMULATOR-ARGS...: both clients, first and no-op apply, on fresh emulators
  local label=$1
  shift
  start_emulator "$@"
  local plugin_first plugin_again kubectl_first kubectl_again
  plugin_first=$(seconds "$PLUGIN" apply "$WORK/manifests" --kubeconfig "$WORK/kc" --yes)
  local plugin_rss kubectl_rss plugin_rss2 kubectl_rss2
  plugin_rss=$(cat "$WORK/rss")
  plugin_again=$(seconds "$PLUGIN" apply "$WORK/manifests" --kubeconfig "$WORK/kc" --yes)
  plugin_rss2=$(cat "$WORK/rss")
  start_emulator "$@"
  kubectl_first=$(seconds "$KUBECTL" apply --server-side -f "$WORK/manifests" --kubeconfig "$WORK/kc")
  kubectl_rss=$(cat "$WORK/rss")
  kubectl_again=$(seconds "$KUBECTL" apply --server-side -f "$WORK/manifests" --kubeconfig "$WORK/kc")
  kubectl_rss2=$(cat "$WORK/rss")
  printf '%-34s %-15s %7ss  %7ss   %6.3fx   %s / %s MiB\n' "$label" "first apply" "$plugin_first" "$kubectl_first" "$(echo "$plugin_first / $kubectl_first" | bc -l)" "$plugin_rss" "$kubectl_rss"
  printf '%-34s %-15s %7ss  %7ss   %6.3fx   %s / %s MiB\n' "$label" "second (no-op)" "$plugin_again" "$kubectl_again" "$(echo "$plugin_again / $kubectl_again" | bc -l)" "$plugin_rss2" "$kubectl_rss2"
}

printf '%-34s %-15s %8s  %8s   %-14s %s\n' "$N VMs, emulator" "run" "plugin" "kubectl" "plugin/kubectl" "peak RSS plugin / kubectl"
row "as it is"
row "writes +${WRITE_LATENCY_MS} ms (a real server)" --write-latency-ms "$WRITE_LATENCY_MS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
