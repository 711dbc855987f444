#!/usr/bin/env bash
# Flake hunt (issue 25): run the whole test suite ROUNDS times in a row (default 5) while a
# second copy of the suite runs at the same time, and count failures. Not run by CI: it takes
# about ROUNDS x 4 minutes on 2 cores. A flaky test costs a whole CI run, so run this after
# changing a test harness, the test cluster, or anything timing-related.
#
#   scripts/stress-tests.sh [ROUNDS]
#
# The suite is built once (`cargo test --workspace --no-run`); each copy then runs every test
# executable as `cargo test` would (each in its package's directory), so the two copies do
# not queue on cargo's build-directory lock and the load is really double. Doc tests are left
# out (one, on the build step, not on timing). Logs of every run go to target/stress/; a
# failure names its log. Exit status: 0 only when every run of every round passed.
# Leave the working tree alone while it runs: the tests read fixtures and golden files from it,
# so a checkout or merge mid-run fails them against the binaries built at the start.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
logs=target/stress
rm -rf "$logs" && mkdir -p "$logs"

echo "== building the test executables"
cargo test --workspace --locked --no-run --message-format=json 2>"$logs/build.stderr" |
  python3 -c '
import json, os, sys
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(os.path.dirname(m["manifest_path"]) + "\t" + m["executable"])
' >"$logs/executables.tsv" || { cat "$logs/build.stderr"; exit 1; }
echo "$(wc -l <"$logs/executables.tsv") test executables"

# One copy of the suite: every executable in turn, from its package's directory.
suite() {
  local log=$1 status=0
  while IFS=$'\t' read -r dir exe; do
    (cd "$dir" && "$exe") >>"$log" 2>&1 || status=1
  done <"$logs/executables.tsv"
  return $status
}

failed=0
started=$SECONDS
for round in $(seq 1 "$rounds"); do
  t0=$SECONDS
  suite "$logs/round$round-b.log" & second=$!
  a=passed b=passed
  suite "$logs/round$round-a.log" || a=FAILED
  wait $second || b=FAILED
  echo "round $round: suite A $a, suite B $b ($((SECONDS - t0)) s)"
  for copy in a b; do
    log=$logs/round$round-$copy.log
    if grep -q "test result: FAILED" "$log" || { [ $copy = a ] && [ $a = FAILED ]; } ||
      { [ $copy = b ] && [ $b = FAILED ]; }; then
      failed=$((failed + 1))
      grep -h "^test .* FAILED$\|panicked at" "$log" | head -20 || true
      echo "   log: $log"
    fi
  done
done
echo "== $((2 * rounds - failed)) of $((2 * rounds)) suite runs passed ($rounds rounds of two suites at once, $((SECONDS - started)) s)"
[ "$failed" -eq 0 ]
