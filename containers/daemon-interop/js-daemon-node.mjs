// js-libp2p 3.x behind @libp2p/daemon-server: the js daemon used by the interop factory (the suite's `js` slot) and
// by the standalone `js-daemon.mjs` (the conformance framework's daemon:js-v3 target).
import fs from 'node:fs'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { createServer } from '@libp2p/daemon-server'
import { floodsub } from '@libp2p/floodsub'
import { gossipsub } from '@libp2p/gossipsub'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { mplex } from '@libp2p/mplex'
import { plaintext } from '@libp2p/plaintext'
import { tcp } from '@libp2p/tcp'
import { tls } from '@libp2p/tls'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

/**
 * Starts js-libp2p and a daemon control server in front of it.
 * @param {{ control?: string, listen?: string[], key?: string, encryption?: string, muxer?: string, dht?: boolean, relay?: boolean, pubsub?: boolean, pubsubRouter?: string }} options
 * @returns {Promise<{ node: import('libp2p').Libp2p, control: import('@multiformats/multiaddr').Multiaddr, stop: () => Promise<void> }>}
 */
export async function startJsDaemon (options) {
  const privateKey = options.key != null ? privateKeyFromProtobuf(fs.readFileSync(options.key)) : undefined
  // identify push is its own service since js-libp2p 2; a node without it never tells peers about new protocols.
  const services = { identify: identify(), identifyPush: identifyPush() }
  if (options.pubsub === true) {
    services.pubsub = options.pubsubRouter === 'floodsub' ? floodsub() : gossipsub()
  }
  if (options.relay === true) {
    services.relay = circuitRelayServer()
  }
  if (options.dht === true) {
    services.dht = kadDHT({ protocol: '/ipfs/kad/1.0.0', peerInfoMapper: passthroughMapper, clientMode: false })
  }
  const encrypter = options.encryption === 'tls' ? tls() : options.encryption === 'plaintext' ? plaintext() : noise()
  // js mplex resets streams above 5 inbound per second by default; neither the suite nor ours is a rate-limit test.
  const muxer = options.muxer === 'mplex' ? mplex({ disconnectThreshold: 1000 }) : yamux()
  const node = await createLibp2p({
    privateKey,
    addresses: { listen: options.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp(), circuitRelayTransport()],
    connectionEncrypters: [encrypter],
    streamMuxers: [muxer],
    services
  })
  const server = createServer(multiaddr(options.control ?? '/ip4/127.0.0.1/tcp/0'), node)
  await server.start()
  return {
    node,
    control: server.getMultiaddr(),
    stop: async () => {
      await server.stop()
      await node.stop()
    }
  }
}
