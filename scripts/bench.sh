#!/usr/bin/env bash
# Measures Benchgen's speed; nothing here is a pass/fail test.
#   bash scripts/bench.sh            BenchmarkDotNet (short run) for physics, rendering and generation,
#                                    then an embedded batch of the curated example prompts, timed end to end.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/ensure-deps.sh
dotnet run -c Release --project tests/Benchgen.Benchmarks -- --filter '*' --job short --exporters markdown "$@"
data="$(mktemp -d)"
prompts="$here/../shared/prompts/examples.txt"
if [[ ! -f "$prompts" ]]; then
  prompts="$data/prompts.txt"
  printf '%s\n' "A stack of 3 blocks" "A tower of five cubes" "Stack 4 wooden cylinders" "A stack of 2 large red blocks" > "$prompts"
fi
TIMEFORMAT="batch wall time: %R s"
time ./benchgen batch --file "$prompts" --data-dir "$data" || true
rm -rf "$data"
