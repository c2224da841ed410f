#!/usr/bin/env bash
# The one command that runs every test: installs what is missing (Debian packages as root, NuGet, npm), starts a
# local RabbitMQ and S3-protocol server unless BENCHGEN_TEST_RABBITMQ / BENCHGEN_TEST_S3 are set, runs the whole
# solution's tests, stops what it started, and ends with `tests: N passed, N failed, N skipped`.
# MongoDB cannot be installed on Debian 12 here: Mongo-backed tests run when BENCHGEN_TEST_MONGO is set or a
# Docker engine answers, and are reported as skipped (with the reason) otherwise.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

bash scripts/ensure-deps.sh --test || exit $?

state="$here/.test-infra"
bash tests/infra/stop.sh "$state" >/dev/null 2>&1 || true
rm -rf "$state"
cleanup() { bash tests/infra/stop.sh "$state" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
if ! bash tests/infra/start.sh "$state"; then
  echo "tests: could not start the local test infrastructure (see above)" >&2
  exit 1
fi
# shellcheck disable=SC1091
source "$state/env.sh"

results="$here/TestResults"
rm -rf "$results"
if ! dotnet build Benchgen.sln -c Release -nologo -v quiet; then
  echo "tests: the solution does not build" >&2
  exit 1
fi
# One test project at a time, each into its own results folder: the heavy ones (MuJoCo, the distributed hosts)
# would otherwise compete for the 2 cores, and TRX names from parallel runs can collide.
status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results/$name" "$@" || status=1
done

# The generator-script libraries' own checks (standard-library unittest + a small C program on libmujoco): every
# preset template's task block against its MJCF, and every example TaskSpec's script (determinism, penetration,
# settling, parts that stay where released) for one seed the C# specs do not use, at every scale.
mkdir -p "$results/python"
for suite in tests/python/test_*.py; do
  TASK_SEEDS=11 python3 -m unittest -v "$suite" 2>&1 | tee "$results/python/$(basename "$suite" .py).log" | grep -E "\.\.\. (FAIL|ERROR)" || true
done

projects=(tests/*/*.Tests.csproj)
python3 - "$results" "${#projects[@]}" <<'PY'
import glob, re, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
skips = []
for path in sorted(glob.glob(sys.argv[1] + "/*/*.trx")):
    root = ET.parse(path).getroot()
    for r in root.iterfind(".//t:UnitTestResult", ns):
        outcome = r.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
            reason = r.find(".//t:Output/t:ErrorInfo/t:Message", ns)
            skips.append((r.get("testName"), (reason.text if reason is not None else "").strip()))
        else:
            failed += 1
# unittest -v prints "test_name (module.Class...) ... ok|FAIL|ERROR|skipped 'reason'" per test.
for path in sorted(glob.glob(sys.argv[1] + "/python/*.log")):
    text = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r"^(\S+) \(([^)]*)\)(?:\n.*?)?\.\.\. (ok|FAIL|ERROR|skipped.*)$", text, re.M):
        outcome = m.group(3)
        if outcome == "ok":
            passed += 1
        elif outcome.startswith("skipped"):
            skipped += 1
            skips.append((m.group(1), outcome))
        else:
            failed += 1
    if not re.search(r"^Ran \d+ tests?", text, re.M) or re.search(r"^FAILED", text, re.M) and failed == 0:
        print(f"{path}: the unittest run did not finish cleanly")
        failed += 1
for name, reason in skips:
    print(f"skipped: {name}: {reason}")
reports = len(glob.glob(sys.argv[1] + "/*/*.trx"))
if reports != int(sys.argv[2]):
    print(f"only {reports} of {sys.argv[2]} test projects produced results (a test host crashed?)")
    failed += 1
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
PY
counted=$?
if [[ $status -ne 0 || $counted -ne 0 ]]; then exit 1; fi
