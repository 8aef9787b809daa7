// The chromium-js-v3 dialer: js-libp2p v3 in the page, bundled by launch.mjs with esbuild. It follows the
// libp2p/test-plans transport-interop dialer contract (docs/TEST-PLANS.md §1.1) with Redis reached through the
// launcher's HTTP relay (as upstream's browser images use aegir's HTTP->Redis proxy). Browsers cannot listen: dial-only.
import { createLibp2p } from 'libp2p'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { identify } from '@libp2p/identify'
import { multiaddr } from '@multiformats/multiaddr'

async function blpop (key, timeoutSecs) {
  const response = await fetch('/blpop', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key, timeoutSecs })
  })
  if (!response.ok) throw new Error(`relay BLPOP failed: HTTP ${response.status} ${await response.text()}`)
  const { value } = await response.json()
  return value
}

// Called by the launcher through page.evaluate; resolves to the two measurements in milliseconds.
window.runDialer = async ({ transport, security, muxer, redisKey, timeoutSecs }) => {
  if (!['ws', 'wss'].includes(transport)) throw new Error(`unsupported transport '${transport}' (browser: ws, wss)`)
  if (security !== 'noise') throw new Error(`unsupported security '${security}' (browser: noise)`)
  const streamMuxers = muxer === 'yamux'
    ? [yamux()]
    // @libp2p/mplex resets streams beyond its inbound rate limit by default (REAL-PEERS.md); tests must not trip it.
    : muxer === 'mplex' ? [mplex({ disconnectThreshold: 1_000_000 })] : null
  if (streamMuxers == null) throw new Error(`unsupported muxer '${muxer}' (browser: yamux, mplex)`)
  const node = await createLibp2p({
    addresses: { listen: [] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers,
    // Interop peers sit on loopback or test-net addresses, which the browser defaults refuse to dial.
    connectionGater: { denyDialMultiaddr: () => false },
    // js-libp2p's 6 s per-address / 10 s per-dial budgets are too tight on a loaded 2-core CI machine (a cold TLS
    // listener can take longer); the harness' test timeout bounds the whole run anyway.
    connectionManager: { dialTimeout: 60_000, addressDialTimeout: 60_000 },
    services: { ping: ping(), identify: identify() }
  })
  try {
    const value = await blpop(redisKey, timeoutSecs)
    if (value == null) throw new Error(`no listener address under '${redisKey}' within ${timeoutSecs} s`)
    // As upstream's js dialer: browsers dial /tls/ws as /wss.
    const ma = multiaddr(value.replace('/tls/ws', '/wss'))
    const start = performance.now()
    await node.dial(ma)
    const pingRTT = await node.services.ping.ping(ma)
    return { handshakePlusOneRTT: performance.now() - start, pingRTT: Number(pingRTT) }
  } finally {
    await Promise.race([node.stop(), new Promise(resolve => setTimeout(resolve, 5000))])
  }
}
window.dialerReady = true
