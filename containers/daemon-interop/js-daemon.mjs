// js-libp2p as a standalone libp2p daemon, started with go p2pd's flag names, e.g.
//   node js-daemon.mjs -listen=/ip4/127.0.0.1/tcp/0 -hostAddrs=/ip4/127.0.0.1/tcp/0 -tls=true -muxer=mplex
// Prints "Control socket: <multiaddr>" once @libp2p/daemon-server accepts requests, then serves until SIGTERM/SIGINT.
// The conformance framework's `daemon:js-v3` target (conformance-suites/daemon-targets.yaml) runs it. Errors of the
// daemon server itself are left as js-libp2p ships them: this is the implementation under test, not our code.
import { startJsDaemon } from './js-daemon-node.mjs'

const booleans = new Set(['noListenAddrs', 'noise', 'tls', 'plaintext', 'dhtServer', 'relay', 'pubsub'])
const values = new Set(['listen', 'hostAddrs', 'id', 'muxer', 'pubsubRouter'])

function parseFlags (argv) {
  const flags = {}
  for (let i = 0; i < argv.length; i++) {
    const match = /^--?([A-Za-z]+)(?:=(.*))?$/.exec(argv[i])
    if (match == null) throw new Error(`not a flag: ${argv[i]}`)
    const [, name, inline] = match
    if (booleans.has(name)) {
      if (inline != null && !['true', 'false'].includes(inline)) throw new Error(`-${name} takes true or false, not ${inline}`)
      flags[name] = inline !== 'false'
    } else if (values.has(name)) {
      const value = inline ?? argv[++i]
      if (value == null || value === '') throw new Error(`-${name} needs a value`)
      flags[name] = value
    } else {
      throw new Error(`unknown flag -${name} (known: ${[...booleans, ...values].join(', ')})`)
    }
  }
  return flags
}

function security (flags) {
  const chosen = ['noise', 'tls', 'plaintext'].filter(name => flags[name] === true)
  if (chosen.length > 1) throw new Error(`this js daemon runs one security protocol; got ${chosen.join(', ')}`)
  return chosen[0] ?? 'noise'
}

let flags
try {
  flags = parseFlags(process.argv.slice(2))
} catch (err) {
  console.error(`js-daemon: ${err.message}`)
  process.exit(2)
}
const muxer = flags.muxer ?? 'yamux'
if (!['yamux', 'mplex'].includes(muxer)) {
  console.error(`js-daemon: unknown muxer ${muxer} (yamux or mplex)`)
  process.exit(2)
}
const daemon = await startJsDaemon({
  control: flags.listen ?? '/ip4/127.0.0.1/tcp/0',
  listen: flags.noListenAddrs === true ? [] : (flags.hostAddrs ?? '/ip4/127.0.0.1/tcp/0').split(',').filter(Boolean),
  key: flags.id,
  encryption: security(flags),
  muxer,
  dht: flags.dhtServer === true,
  relay: flags.relay === true,
  pubsub: flags.pubsub === true,
  pubsubRouter: flags.pubsubRouter
})
console.log(`Control socket: ${daemon.control.toString()}`)
console.log(`Peer ID: ${daemon.node.peerId.toString()}`)

let stopping = false
async function shutdown () {
  if (stopping) return
  stopping = true
  const timer = setTimeout(() => process.exit(0), 5000)
  await daemon.stop().catch(() => {})
  clearTimeout(timer)
  process.exit(0)
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
