// js-libp2p v3 peer for the identify / identify-push interop tests (reference-impl/tests/Libp2p.Host.Tests).
// Listens (tcp, noise, yamux), prints its listen addresses and READY, then obeys one command per stdin line:
//   dial MULTIADDR          dial; print {"event":"dialed"}  (identify then runs automatically)
//   handle PROTOCOL         serve PROTOCOL at runtime (js then sends identify push); print {"event":"handled"}
//   peer PEERID             print {"event":"peer",...}: what js's peer store holds about PEERID
// Every completed identify (or received push) is printed as {"event":"identify",...}.
// Results go to stdout as JSON lines; logs and errors go to stderr only.
import { createInterface } from 'node:readline'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

const print = (obj) => process.stdout.write((typeof obj === 'string' ? obj : JSON.stringify(obj)) + '\n')
const hex = (bytes) => bytes == null ? null : Buffer.from(bytes).toString('hex')

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    identifyPush: identifyPush({ debounce: 10 }),
    ping: ping()
  }
})

node.addEventListener('peer:identify', (evt) => {
  const r = evt.detail
  print({
    event: 'identify',
    peerId: r.peerId.toString(),
    protocolVersion: r.protocolVersion ?? null,
    agentVersion: r.agentVersion ?? null,
    publicKey: hex(r.publicKey),
    listenAddrs: r.listenAddrs.map(String),
    observedAddr: r.observedAddr?.toString() ?? null,
    protocols: r.protocols,
    signedPeerRecord: r.signedPeerRecord == null ? null : { seq: r.signedPeerRecord.seq.toString(), addresses: r.signedPeerRecord.addresses.map(String) },
    connectionRemoteAddr: r.connection.remoteAddr.toString()
  })
})

for (const ma of node.getMultiaddrs()) print(ma.toString())
print('READY')

async function describePeer (id) {
  const peer = await node.peerStore.get(peerIdFromString(id))
  const text = (key) => peer.metadata.get(key) == null ? null : new TextDecoder().decode(peer.metadata.get(key))
  return {
    event: 'peer',
    peerId: peer.id.toString(),
    protocols: peer.protocols,
    addresses: peer.addresses.map(a => ({ multiaddr: a.multiaddr.toString(), isCertified: a.isCertified })),
    agentVersion: text('AgentVersion'),
    protocolVersion: text('ProtocolVersion'),
    hasPeerRecordEnvelope: peer.peerRecordEnvelope != null,
    publicKey: peer.id.publicKey == null ? null : hex(peer.id.publicKey.raw)
  }
}

const lines = createInterface({ input: process.stdin })
for await (const line of lines) {
  const [command, argument] = line.trim().split(/\s+/, 2)
  try {
    if (command === 'dial') {
      const connection = await node.dial(multiaddr(argument), { signal: AbortSignal.timeout(15000) })
      print({ event: 'dialed', remotePeer: connection.remotePeer.toString() })
    } else if (command === 'handle') {
      await node.handle(argument, ({ stream }) => { stream.close().catch(() => {}) })
      print({ event: 'handled', protocol: argument })
    } else if (command === 'peer') {
      print(await describePeer(argument))
    } else if (command === 'quit') {
      break
    } else if (command !== '') {
      print({ event: 'error', message: `unknown command '${command}'` })
    }
  } catch (err) {
    process.stderr.write(`identify-peer: ${err.stack ?? err}\n`)
    print({ event: 'error', message: String(err.message ?? err) })
  }
}
await node.stop()
process.exit(0)
