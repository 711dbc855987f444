#!/usr/bin/env bash
# One command for the benchmarks: builds the release binary, then runs bench/import.py
# (import of 1,000, 2,000 and 10,000 generated VMs and start-up, each as a ratio against
# kubectl in the same run, and import against merely reading its input files and writing
# the same bytes, the floor). Extra arguments go to bench/import.py, e.g. `bench/run.sh --sizes 1000`.
# Needs python3 and kubectl on PATH. Never run in CI: timings belong here, not in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin kubectl-vmmigrate >&2
target=${CARGO_TARGET_DIR:-target}
exec python3 bench/import.py --bin "$target/release/kubectl-vmmigrate" "$@"
