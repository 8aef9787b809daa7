// Runs the chromium-js-v3 transport-interop dialer: bundles browser-node.js with esbuild, serves it and a small
// HTTP->Redis relay (BLPOP of the contract's one key only) on 127.0.0.1, and drives Debian's Chromium through
// playwright-core with a fresh temporary profile and the flags of docs/REAL-PEERS.md. Configured by the same
// environment as containers/js-node/interop-node.mjs; the result goes to stdout, everything else to stderr.
// The harness always starts this inside a private network namespace.
import http from 'node:http'
import net from 'node:net'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const env = (...names) => {
  for (const name of names) {
    const value = process.env[name]
    if (value != null && value.trim() !== '') return value.trim()
  }
  return undefined
}
const log = (message) => process.stderr.write(`js-browser: ${message}\n`)
const fail = (message) => { log(message); process.exit(1) }

const testKey = env('TEST_KEY', 'test_key')
const unified = testKey != null
const transport = env('transport', 'TRANSPORT') ?? fail('transport (TRANSPORT) is not set')
const security = env('security', 'SECURE_CHANNEL', 'SECURITY')
const muxer = env('muxer', 'MUXER')
const isDialer = (env('is_dialer', 'IS_DIALER') ?? fail('is_dialer (IS_DIALER) is not set')) === 'true'
const redisAddr = env('redis_addr', 'REDIS_ADDR') ?? 'redis:6379'
const timeoutSecs = Number.parseInt(env('test_timeout_seconds', 'test_timeout_secs', 'TEST_TIMEOUT_SECONDS', 'TEST_TIMEOUT_SECS') ?? '180', 10)
if (!Number.isInteger(timeoutSecs) || timeoutSecs < 1) fail('bad test timeout')
const redisKey = unified ? `${testKey}_listener_multiaddr` : 'listenerAddr'
if (!isDialer) fail('the browser is dial-only: it cannot listen')
const chromiumPath = env('CHROMIUM_PATH') ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

// --- BLPOP over RESP2: one command per connection, bounded reply, timeout. ---
function redisBlpop (key, seconds) {
  const colon = redisAddr.lastIndexOf(':')
  const host = redisAddr.slice(0, colon).replace(/^\[|\]$/g, '')
  const port = Number.parseInt(redisAddr.slice(colon + 1), 10)
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0)
    const socket = net.createConnection({ host, port })
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('redis BLPOP timed out')) }, seconds * 1000 + 10_000)
    const done = (err, value) => { clearTimeout(timer); socket.destroy(); err != null ? reject(err) : resolve(value) }
    socket.on('connect', () => socket.write(`*3\r\n$5\r\nBLPOP\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n$${String(seconds).length}\r\n${seconds}\r\n`))
    socket.on('error', err => done(new Error(`redis at ${redisAddr}: ${err.message}`)))
    socket.on('data', chunk => {
      buffer = Buffer.concat([buffer, chunk])
      if (buffer.length > 64 * 1024) return done(new Error('redis reply too large'))
      const text = buffer.toString('utf8')
      if (text.startsWith('*-1\r\n') || text.startsWith('$-1\r\n')) return done(null, null)
      if (text.startsWith('-')) return done(new Error(`redis error: ${text.split('\r\n')[0]}`))
      // *2 $len key $len value
      const lines = text.split('\r\n')
      if (lines.length >= 5 && lines[0] === '*2') {
        const valueLength = Number.parseInt(lines[3].slice(1), 10)
        if (Buffer.byteLength(lines[4]) >= valueLength) done(null, lines[4].slice(0, valueLength))
      } else if (!text.startsWith('*')) {
        done(new Error(`malformed redis reply ${JSON.stringify(text.slice(0, 40))}`))
      }
    })
  })
}

async function serve (bundle) {
  const page = '<!doctype html><meta charset="utf-8"><title>chromium-js-v3</title><script type="module" src="/bundle.js"></script>'
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') { res.writeHead(200, { 'content-type': 'text/html' }).end(page); return }
    if (req.method === 'GET' && req.url === '/bundle.js') { res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle); return }
    if (req.method === 'POST' && req.url === '/blpop') {
      let body = ''
      req.on('data', chunk => { body += chunk; if (body.length > 4096) req.destroy() })
      req.on('end', async () => {
        try {
          const { key, timeoutSecs: seconds } = JSON.parse(body)
          // Only the contract's key: the relay is not a general Redis proxy.
          if (key !== redisKey) { res.writeHead(403).end(`key '${key}' not allowed`); return }
          const value = await redisBlpop(key, Math.max(1, Math.min(Number(seconds) | 0, timeoutSecs)))
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value }))
        } catch (err) {
          res.writeHead(502).end(String(err?.message ?? err))
        }
      })
      return
    }
    res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end()
  })
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve) })
  return server
}

async function main () {
  const killer = setTimeout(() => fail(`test timeout of ${timeoutSecs} s reached`), timeoutSecs * 1000)
  const built = await build({
    entryPoints: [path.join(here, 'browser-node.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error'
  })
  const server = await serve(built.outputFiles[0].text)
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'chromium-js-v3-'))
  let context
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: FLAGS,
      // wss listeners in interop tests serve self-signed certificates; the peer is authenticated by Noise and the
      // /p2p id in the address, as our node and js-node do with certificate checks off.
      ignoreHTTPSErrors: true
    })
    const page = context.pages()[0] ?? await context.newPage()
    page.on('console', message => log(`console.${message.type()}: ${message.text()}`))
    page.on('pageerror', err => log(`page error: ${err.message}`))
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    await page.waitForFunction(() => window.dialerReady === true, null, { timeout: 30_000 })
    const result = await page.evaluate(config => window.runDialer(config), { transport, security, muxer, redisKey, timeoutSecs })
    if (unified) {
      process.stdout.write(`latency:\n  handshake_plus_one_rtt: ${result.handshakePlusOneRTT.toFixed(3)}\n  ping_rtt: ${result.pingRTT.toFixed(3)}\n  unit: ms\n`)
    } else {
      process.stdout.write(JSON.stringify({ handshakePlusOneRTTMillis: result.handshakePlusOneRTT, pingRTTMilllis: result.pingRTT }) + '\n')
    }
  } finally {
    clearTimeout(killer)
    await context?.close().catch(() => {})
    server.close()
    await fs.rm(profile, { recursive: true, force: true })
  }
  process.exit(0)
}

main().catch(err => fail(`dialer failed: ${err?.message ?? err}`))
