// Daemon factory for @libp2p/interop: each slot of the suite ('go', 'js') maps to an implementation.
//   ours: our daemon (`conformance daemon`, go p2pd flags), started as a child process; the command comes from the
//         DAEMON_OURS_CMD environment variable (a JSON array such as ["dotnet", "/path/conformance.dll", "daemon"]).
//   js:   js-libp2p behind @libp2p/daemon-server, in this process (js-daemon-node.mjs).
// Transports a slot's implementation lacks raise the suite's UnsupportedError, which it reports as pending.
import { spawn as spawnProcess } from 'node:child_process'
import { createClient } from '@libp2p/daemon-client'
import { UnsupportedError } from '@libp2p/interop'
import { multiaddr } from '@multiformats/multiaddr'
import { startJsDaemon } from './js-daemon-node.mjs'

const STARTUP_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 5_000

/**
 * @param {{ go: 'ours' | 'js', js: 'ours' | 'js', hints: { muxer?: string } }} slots
 */
export function createFactory (slots) {
  return {
    async spawn (options) {
      const impl = slots[options.type]
      // The suite's stream tests name a muxer in the test title but never pass it (@libp2p/interop 14.0.16,
      // utils/test-matrix.ts); the runner reads it from the title so mplex and yamux are both exercised.
      const muxer = options.muxer ?? slots.hints.muxer ?? 'yamux'
      const entry = { slot: options.type, impl, transport: options.transport ?? 'tcp', encryption: options.encryption ?? 'noise', muxer, noListen: options.noListen === true, started: false }
      slots.spawned?.push(entry)
      try {
        const daemon = impl === 'ours' ? await spawnOurs({ ...options, muxer }) : await spawnJs({ ...options, muxer })
        entry.started = true
        return daemon
      } catch (err) {
        entry.error = err.name === 'UnsupportedError' ? `unsupported: ${err.message}` : String(err.message ?? err).split('\n')[0]
        throw err
      }
    }
  }
}

function oursCommand () {
  const raw = process.env.DAEMON_OURS_CMD
  if (raw == null || raw === '') {
    throw new Error('DAEMON_OURS_CMD is not set (a JSON array: the command that runs `conformance daemon`)')
  }
  const command = JSON.parse(raw)
  if (!Array.isArray(command) || command.length === 0) {
    throw new Error('DAEMON_OURS_CMD must be a non-empty JSON array')
  }
  return command
}

async function spawnOurs (options) {
  const transport = options.transport ?? 'tcp'
  if (transport !== 'tcp') {
    throw new UnsupportedError(`our daemon has no ${transport} transport yet`)
  }
  const args = ['-listen=/ip4/127.0.0.1/tcp/0']
  args.push(options.noListen === true ? '-noListenAddrs' : '-hostAddrs=/ip4/127.0.0.1/tcp/0')
  if (options.encryption != null) {
    args.push(`-${options.encryption}=true`)
  }
  args.push(`-muxer=${options.muxer}`)
  if (options.dht === true) {
    args.push('-dhtServer')
  }
  if (options.relay === true) {
    args.push('-relay')
  }
  if (options.pubsub === true) {
    args.push('-pubsub')
  }
  if (options.pubsubRouter != null) {
    args.push(`-pubsubRouter=${options.pubsubRouter}`)
  }
  if (options.key != null) {
    args.push(`-id=${options.key}`)
  }
  const [file, ...prefix] = oursCommand()
  const child = spawnProcess(file, [...prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk.toString()).slice(-4000) })
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const control = await new Promise((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`our daemon did not print "Control socket:" within ${STARTUP_TIMEOUT_MS} ms; stderr: ${stderr}`))
    }, STARTUP_TIMEOUT_MS)
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString()
      const match = /Control socket: (\S+)/.exec(stdout)
      if (match != null) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`our daemon exited (${code ?? signal}) before it was ready; stderr: ${stderr}`))
    })
  })
  return {
    client: createClient(multiaddr(control)),
    stop: async () => {
      if (child.exitCode != null || child.signalCode != null) {
        return
      }
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    }
  }
}

async function spawnJs (options) {
  const transport = options.transport ?? 'tcp'
  if (transport !== 'tcp') {
    throw new UnsupportedError(`the js daemon here is configured for tcp only, not ${transport}`)
  }
  const daemon = await startJsDaemon({ ...options, listen: options.noListen === true ? [] : ['/ip4/127.0.0.1/tcp/0'] })
  return {
    client: createClient(daemon.control),
    stop: daemon.stop
  }
}
