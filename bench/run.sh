#!/usr/bin/env bash
# One command for the benchmarks: builds the release binary, then runs bench/import.py
# (import of 1,000, 2,000 and 10,000 generated VMs and start-up, each as a ratio against
# kubectl in the same run, and import against merely reading its input files and writing
# the same bytes, the floor), then the roll benchmark (200 VMs, budget 20, 0.5 s boots,
# 0.2 s min-ready: the wall time against the ideal schedule, and the client's reaction).
# Extra arguments go to bench/import.py, e.g. `bench/run.sh --sizes 1000`; with `--only`
# (one of import.py's parts) the roll benchmark is left out. `bench/apply.sh` is the apply
# benchmark. Needs python3 and kubectl on PATH. Never run in CI: timings belong here, not
# in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin kubectl-vmmigrate >&2
target=${CARGO_TARGET_DIR:-target}
python3 bench/import.py --bin "$target/release/kubectl-vmmigrate" "$@"
for arg in "$@"; do
    case "$arg" in --only | --only=*) exit 0 ;; esac
done
echo
echo "roll (cargo bench --bench roll; ROLL_N=200 ROLL_K=20 ROLL_BOOT_MS=500 ROLL_MIN_READY_MS=200):"
ROLL_N=200 ROLL_K=20 ROLL_BOOT_MS=500 ROLL_MIN_READY_MS=200 \
    cargo bench --locked --bench roll
