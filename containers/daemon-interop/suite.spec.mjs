// The mocha spec file: registers the @libp2p/interop groups chosen by run.mjs against the factory it built.
import {
  connectInteropTests,
  dhtInteropTests,
  pubsubInteropTests,
  relayInteropTests,
  streamInteropTests
} from '@libp2p/interop'

const config = globalThis.daemonInterop
if (config == null) {
  throw new Error('suite.spec.mjs is loaded by run.mjs, which sets globalThis.daemonInterop')
}

// Stream test suites are titled `<key>/<encryption>/<muxer> echo` but the muxer never reaches the factory; a hook
// registered first in each such suite hands it over (hooks run in registration order).
const originalDescribe = globalThis.describe
globalThis.describe = function (title, fn) {
  return originalDescribe(title, function () {
    const match = /^(ed25519|rsa|secp256k1)\/(noise|tls|plaintext)\/(mplex|yamux) /.exec(title)
    if (match != null) {
      before(() => { config.slots.hints.muxer = match[3] })
      after(() => { delete config.slots.hints.muxer })
    }
    return fn.call(this)
  })
}

const groups = {
  connect: () => connectInteropTests(config.factory),
  streams: () => streamInteropTests(config.factory),
  dht: () => dhtInteropTests(config.factory),
  pubsub: () => pubsubInteropTests(config.factory),
  relay: () => relayInteropTests(config.factory)
}
for (const group of config.groups) {
  await groups[group]()
}
globalThis.describe = originalDescribe
