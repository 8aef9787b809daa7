// Runs @libp2p/interop under mocha with our daemon in the suite's `go` slot.
//   node run.mjs --groups connect,streams --pairing ours-js|ours-ours --out results.json
// ours-js:   go slot = our daemon, js slot = js-libp2p (@libp2p/daemon-server); js-to-js tests are left out.
// ours-ours: both slots = our daemon; only the suite's js-to-js tests run (go-to-go is never generated upstream).
// Prints mocha's spec reporter (per-test list and summary) and writes one JSON record per test.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Mocha from 'mocha'
import { createFactory } from './factory.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const known = ['connect', 'streams', 'dht', 'pubsub', 'relay']

function parseArgs (argv) {
  const args = { groups: ['connect', 'streams'], pairing: 'ours-js', out: null }
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2)
    const value = () => inline ?? argv[++i]
    if (name === '--groups') args.groups = value().split(',').map(s => s.trim()).filter(Boolean)
    else if (name === '--pairing') args.pairing = value()
    else if (name === '--out') args.out = value()
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  for (const group of args.groups) {
    if (!known.includes(group)) throw new Error(`unknown group ${group} (known: ${known.join(', ')})`)
  }
  if (!['ours-js', 'ours-ours'].includes(args.pairing)) throw new Error('--pairing is ours-js or ours-ours')
  return args
}

const args = parseArgs(process.argv.slice(2))
const slots = args.pairing === 'ours-js' ? { go: 'ours', js: 'js', hints: {}, spawned: [] } : { go: 'ours', js: 'ours', hints: {}, spawned: [] }
globalThis.daemonInterop = { groups: args.groups, slots, factory: createFactory(slots) }

const jsToJs = /js (sender|peer) to js (listener|peer)/
const mocha = new Mocha({ reporter: 'spec', timeout: 60_000, color: false })
mocha.grep(jsToJs)
if (args.pairing === 'ours-js') {
  mocha.invert()
}
mocha.addFile(path.join(here, 'suite.spec.mjs'))
await mocha.loadFilesAsync()

// Which implementation each side of a test is, from the suite's title words (go/js) and the slot mapping.
function sides (title) {
  const match = /(js|go) (sender|peer) to (js|go) (listener|peer)/.exec(title)
  return match == null ? null : { from: slots[match[1]], to: slots[match[3]] }
}

const tests = []
const record = (test, state, err) => {
  const title = test.fullTitle()
  tests.push({
    pairing: args.pairing,
    title,
    sides: sides(title),
    state,
    durationMs: test.duration ?? null,
    error: err == null ? null : String(err.message ?? err).split('\n')[0],
    // The daemons the suite spawned for this test (in its before hook), with the options each really got.
    spawned: slots.spawned.splice(0)
  })
}
const runner = mocha.run((failures) => {
  const stats = runner.stats
  const report = {
    suite: '@libp2p/interop@14.0.16',
    pairing: args.pairing,
    slots: { go: slots.go, js: slots.js },
    groups: args.groups,
    passes: stats.passes,
    failures: stats.failures,
    pending: stats.pending,
    durationMs: stats.duration,
    tests
  }
  if (args.out != null) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true })
    fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n')
  }
  // Stopped daemons can leave sockets the event loop still waits on; the results are written, so leave now.
  process.stdout.write("", () => process.exit(failures > 0 ? 1 : 0))
})
runner.on('pass', (test) => record(test, 'passed'))
runner.on('fail', (test, err) => record(test, 'failed', err))
runner.on('pending', (test) => record(test, 'pending'))
