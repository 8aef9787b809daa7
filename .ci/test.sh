#!/usr/bin/env bash
# Runs every test project in the solution, writes TRX files, and prints the summary line from them.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 CONFORMANCE_REPO_ROOT="$ROOT"
rm -rf TestResults
args=(test Conformance.sln -c Release --logger trx --results-directory TestResults --logger "console;verbosity=minimal")
if [[ -n "${1:-}" ]]; then args+=(--filter "$1"); fi
dotnet "${args[@]}"
rc=$?
python3 .ci/trx-summary.py TestResults || rc=1
exit $rc
