#!/usr/bin/env bash
# Installs what the project needs on first use: Debian packages via apt-get and the pinned npm trees
# (package-lock.json). Idempotent: each step is skipped when its result is already there.
# Usage: install-deps.sh [subcommand]   (subcommand narrows what is needed; default: everything)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-all}"

need_apt=()
want() { command -v "$1" >/dev/null 2>&1 || need_apt+=("$2"); }
want_file() { [[ -e "$1" ]] || need_apt+=("$2"); }
case "$what" in
  run|test|interop|perf|all|node|daemon-interop|conformance)
    want python3 python3
    want redis-server redis-server
    want iperf3 iperf3
    want nft nftables
    want iptables iptables
    want ip iproute2
    # The interop harness: the browser column (chromium-js-v3), and the netns runtime's packet delay helper
    # (iptables NFQUEUE + a libnetfilter-queue program, since this kernel has no netem) and conntrack flushes.
    want chromium chromium
    want gcc gcc
    want conntrack conntrack
    want_file /usr/include/libnetfilter_queue/libnetfilter_queue.h libnetfilter-queue-dev
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

# The netns runtime's delay helper (interop-harness/netem/nfq-delay.c), built into the git-ignored .cache/.
nfq_delay() {
  local src="$ROOT/interop-harness/netem/nfq-delay.c" out="$ROOT/.cache/interop/nfq-delay"
  if [[ ! -x "$out" || "$src" -nt "$out" ]]; then
    echo "install-deps: building ${out#$ROOT/}" >&2
    mkdir -p "$(dirname "$out")"
    gcc -O2 -Wall -Wextra -o "$out.tmp" "$src" -lnetfilter_queue -lnfnetlink && mv "$out.tmp" "$out"
  fi
}
case "$what" in
  run|test|interop|all) nfq_delay ;;
esac
