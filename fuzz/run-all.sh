#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (SECONDS_PER_TARGET, default 180) after seeding.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain (`rustup toolchain
# install nightly`); with only stable, run with FUZZ_TOOLCHAIN= RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/<target>/; copy each into
# tests/fuzz_regressions/<target>/ and fix it (tests/offline/fuzz_regressions.rs replays them).
set -uo pipefail
cd "$(dirname "$0")"
./seed.sh
secs=${SECONDS_PER_TARGET:-180}
targets=${*:-vmx vmdk vmdk_sparse image_header ovf ova libvirt proxmox vbox xen vsphere_json detect mapping}
status=0
for t in $targets; do
  echo "== $t (${secs}s)"
  cargo ${FUZZ_TOOLCHAIN-+nightly} fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$secs" -max_len=262144 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    || { echo "!! $t found a crash (see fuzz/artifacts/$t)"; status=1; }
done
exit $status
