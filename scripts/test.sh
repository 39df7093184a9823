#!/usr/bin/env bash
# Runs every Berth test: prepares the machine (scripts/setup.sh), builds, runs all test projects, and ends with
# one line "N passed, N failed, N skipped". Exits non-zero when any test fails or a project does not run.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results=out/test-results
rm -rf "$results"
if ! dotnet build Berth.sln -c Release --nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
export BERTH_BINARY="$PWD/out/berth"
status=0
for project in $(find tests -name '*.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 | grep -vE '^\s*Passed '
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

count() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}'; }
passed=$(count passed); failed=$(count failed); skipped=$(count notExecuted)
projects=$(find tests -name '*.csproj' | wc -l)
reports=$(find "$results" -name '*.trx' 2>/dev/null | wc -l)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [ "$reports" -lt "$projects" ]; then
  echo "only $reports of $projects test projects reported results"
  failed=$((failed + projects - reports))
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
