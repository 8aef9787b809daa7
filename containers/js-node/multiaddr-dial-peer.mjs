// js-libp2p v3 dialer for "a js node dialing our host with several addresses, one dead"
// (reference-impl/tests/Libp2p.Interop.Js.Tests/JsMultiAddressDialTests.cs).
// Usage: node multiaddr-dial-peer.mjs MULTIADDR/p2p/ID [MULTIADDR/p2p/ID ...]
// Puts every address into the peer store under the one peer ID, dials the peer by ID (js picks and tries the
// addresses itself), pings it, and prints one JSON line:
//   {"event":"dialed","remotePeer":...,"remoteAddr":...,"rttMs":...,"connections":N}
// or {"event":"error","message":...} and exits 1. Logs go to stderr only.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const addrs = process.argv.slice(2).map((a) => multiaddr(a))
if (addrs.length === 0) {
  print({ event: 'error', message: 'usage: multiaddr-dial-peer.mjs MULTIADDR/p2p/ID...' })
  process.exit(1)
}

const node = await createLibp2p({
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() }
})

try {
  const peerId = peerIdFromString(addrs[0].getComponents().findLast((c) => c.name === 'p2p').value)
  await node.peerStore.merge(peerId, { multiaddrs: addrs.map((a) => a.decapsulateCode(421)) })
  const connection = await node.dial(peerId, { signal: AbortSignal.timeout(20000) })
  const rttMs = await node.services.ping.ping(peerId, { signal: AbortSignal.timeout(10000) })
  print({
    event: 'dialed',
    remotePeer: connection.remotePeer.toString(),
    remoteAddr: connection.remoteAddr.toString(),
    rttMs,
    connections: node.getConnections(peerId).length
  })
  await node.stop()
  process.exit(0)
} catch (err) {
  process.stderr.write(`multiaddr-dial-peer: ${err.stack ?? err}\n`)
  print({ event: 'error', message: String(err.message ?? err) })
  await node.stop()
  process.exit(1)
}
