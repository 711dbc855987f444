#!/usr/bin/env bash
# Benchmark (not a test): `kubectl vmmigrate upload` of one raw disk of SIZE MiB to the test
# cluster's CDI upload proxy (HTTPS on loopback, bytes kept in the proxy's memory), against
# `cat FILE > /dev/null` on the same file (the machine's read limit). Prints MiB/s of each.
# With qemu-img on the PATH, the same bytes again as a VMDK text descriptor with a sparse
# extent (twoGbMaxExtentSparse, what Workstation writes), which the plugin converts to raw on
# the fly: the difference is the conversion's cost; the SHA-256 it records must be the raw
# file's.
#
#   bench/upload.sh [SIZE_MIB]          (default 256)
#   PLUGIN=target/release/kubectl-vmmigrate \
#   EMULATOR=target/release/examples/test-cluster bench/upload.sh 512
#
# The plugin and the emulator are debug builds unless PLUGIN and EMULATOR name others; the
# proxy (TLS, keeping every byte in memory) is the other end, so the figure is a floor of
# what the plugin can send, not of what a real CDI takes.
set -euo pipefail
SIZE=${1:-256}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --bin kubectl-vmmigrate
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" -p vmmigrate-testcluster --example test-cluster
PLUGIN=${PLUGIN:-$TARGET/debug/kubectl-vmmigrate}
EMULATOR=${EMULATOR:-$TARGET/debug/examples/test-cluster}
WORK=$(mktemp -d)
EMU_PID=
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null; [ -n "${KEEP:-}" ] && cat "$WORK/upload.log" >&2; rm -rf "$WORK"; }
trap cleanup EXIT

head -c "$((SIZE * 1024 * 1024))" /dev/urandom >"$WORK/bench.img"
cat >"$WORK/bench.xml" <<XML
<domain type='kvm'><name>bench</name><memory unit='MiB'>512</memory><vcpu>1</vcpu>
<os><type arch='x86_64'>hvm</type></os><devices><disk type='file' device='disk'>
<driver name='qemu' type='raw'/><source file='$WORK/bench.img'/><target dev='vda' bus='virtio'/>
</disk></devices></domain>
XML
"$EMULATOR" --upload-proxy --kubeconfig-out "$WORK/kc" >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/kc" ] && break; sleep 0.1; done
"$PLUGIN" apply "$WORK/bench.xml" --kubeconfig "$WORK/kc" --yes >/dev/null 2>&1

now() { date +%s.%N; }
t0=$(now); cat "$WORK/bench.img" >/dev/null; t1=$(now)
"$PLUGIN" upload "$WORK/bench.xml" --kubeconfig "$WORK/kc" >/dev/null 2>"$WORK/upload.log"
t2=$(now)
cat_s=$(echo "$t1 - $t0" | bc -l)
up_s=$(echo "$t2 - $t1" | bc -l)
printf 'file: %d MiB\n' "$SIZE"
printf 'cat FILE > /dev/null: %.2f s, %.0f MiB/s\n' "$cat_s" "$(echo "$SIZE / $cat_s" | bc -l)"
printf 'upload (token, UploadReady wait, stream): %.2f s, %.0f MiB/s\n' "$up_s" "$(echo "$SIZE / $up_s" | bc -l)"

command -v qemu-img >/dev/null || { echo "qemu-img not found: the VMDK run is skipped"; exit 0; }
mkdir "$WORK/vmdk"
qemu-img convert -f raw -O vmdk -o subformat=twoGbMaxExtentSparse "$WORK/bench.img" "$WORK/vmdk/bench.vmdk"
printf 'displayName = "benchvmdk"\nmemsize = "512"\nscsi0.present = "TRUE"\nscsi0:0.present = "TRUE"\nscsi0:0.fileName = "bench.vmdk"\n' >"$WORK/vmdk/bench.vmx"
"$PLUGIN" apply "$WORK/vmdk/bench.vmx" --kubeconfig "$WORK/kc" --yes >/dev/null 2>&1
t3=$(now)
"$PLUGIN" upload "$WORK/vmdk/bench.vmx" --kubeconfig "$WORK/kc" >/dev/null 2>"$WORK/upload-vmdk.log"
t4=$(now)
vm_s=$(echo "$t4 - $t3" | bc -l)
want=$(sha256sum "$WORK/bench.img" | cut -d' ' -f1)
grep -q "sha256 $want" "$WORK/upload-vmdk.log" && same=yes || same=NO
printf 'upload of the same disk as a sparse VMDK descriptor (converted on the fly): %.2f s, %.0f MiB/s; sha256 equals the raw file: %s\n' \
  "$vm_s" "$(echo "$SIZE / $vm_s" | bc -l)" "$same"
[ "$same" = yes ]
