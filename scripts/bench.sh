#!/usr/bin/env bash
# Measures Benchgen's speed; nothing here is a pass/fail test.
#   bash scripts/bench.sh            BenchmarkDotNet (short run) for physics, rendering and generation,
#                                    then an embedded batch of the curated example prompts three times, timed end to end,
#                                    then the public task sample (tasks.tsv) graded against its expected columns.
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
# Three copies, as the throughput measure asks: accepted per minute and CPU seconds per benchmark (user + sys / accepted).
grep -v '^#' "$prompts" | grep -v '^$' > "$data/once.txt"
cat "$data/once.txt" "$data/once.txt" "$data/once.txt" > "$data/batch.txt"
TIMEFORMAT="batch wall time: %R s, CPU: %U s user + %S s sys"
time ./benchgen batch --file "$data/batch.txt" --data-dir "$data/out" || true
rm -rf "$data"
tasks="$here/../shared/prompts/tasks.tsv"
if [[ -f "$tasks" ]]; then
  dotnet run -c Release --project tests/Benchgen.Benchmarks -- tasks "$tasks" || true
fi
