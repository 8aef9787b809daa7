#!/usr/bin/env bash
# Installs what the project needs on first use: Debian packages via apt-get and the pinned npm trees
# (package-lock.json). Idempotent: each step is skipped when its result is already there.
# Usage: install-deps.sh [subcommand]   (subcommand narrows what is needed; default: everything)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-all}"

need_apt=()
want() { command -v "$1" >/dev/null 2>&1 || need_apt+=("$2"); }
case "$what" in
  run|test|interop|perf|all|node|daemon-interop|conformance)
    want python3 python3
    want redis-server redis-server
    want iperf3 iperf3
    want nft nftables
    want iptables iptables
    want ip iproute2
    ;;
esac
if ((${#need_apt[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
  echo "install-deps: apt-get install ${need_apt[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || true
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

npm_tree() {
  local dir="$1"
  [[ -f "$dir/package-lock.json" ]] || return 0
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    echo "install-deps: npm ci in ${dir#$ROOT/}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}
case "$what" in
  run|test|interop|perf|all|node|conformance|daemon-interop)
    for dir in "$ROOT"/containers/*/; do npm_tree "${dir%/}"; done
    ;;
esac
