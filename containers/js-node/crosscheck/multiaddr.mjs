// Cross-check helper for Multiformats.Conformance.Tests: converts multiaddrs with the pinned
// @multiformats/multiaddr so the C# suite can compare both directions byte for byte.
//
// stdin:  JSON array of { "text": string|null, "hex": string|null }
// stdout: JSON array, same order, of
//         { "bytesFromText": hex|null, "textFromText": string|null, "textError": string|null,
//           "textFromBytes": string|null, "bytesError": string|null }
import { multiaddr } from '@multiformats/multiaddr'

function toHex (bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

function fromHex (hex) {
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

function describe (err) {
  return `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`
}

async function readStdin () {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

const items = JSON.parse(await readStdin())
const results = items.map(({ text, hex }) => {
  const result = { bytesFromText: null, textFromText: null, textError: null, textFromBytes: null, bytesError: null }
  if (text != null) {
    try {
      const ma = multiaddr(text)
      result.bytesFromText = toHex(ma.bytes)
      result.textFromText = ma.toString()
    } catch (err) {
      result.textError = describe(err)
    }
  }
  if (hex != null) {
    try {
      result.textFromBytes = multiaddr(fromHex(hex)).toString()
    } catch (err) {
      result.bytesError = describe(err)
    }
  }
  return result
})
process.stdout.write(JSON.stringify(results))
