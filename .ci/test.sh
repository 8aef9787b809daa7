#!/usr/bin/env bash
# Runs every test project in the solution, writes TRX files, and prints the summary line from them.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CONFORMANCE_REPO_ROOT="$ROOT"
rm -rf TestResults
# A hung test must cost minutes, not the CI budget: the blame collector kills that test host and names the test.
args=(test Conformance.sln -c Release --logger trx --results-directory TestResults --logger "console;verbosity=minimal"
  --blame-hang-timeout 10m --blame-hang-dump-type none)
if [[ -n "${1:-}" ]]; then args+=(--filter "$1"); fi
dotnet "${args[@]}"
rc=$?
extra=()
if [[ $rc -ne 0 ]] && ! grep -rqs 'outcome="Failed"' TestResults; then extra=(--runner-failed); fi
python3 .ci/trx-summary.py TestResults "${extra[@]}" || rc=1
exit $rc
