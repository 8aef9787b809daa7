// Stream helpers shared by the node programs in this folder (node.mjs, perf-peer.mjs, quic-peer.mjs,
// wire-listener.mjs): back-pressure on js-libp2p v3 streams and the /perf/1.0.0 server side.

const BLOCK = 64 * 1024
const MAX_U64 = (1n << 64n) - 1n

// Resolves once a stream whose send() returned false can take more; rejects if it closes first.
export function waitForDrain (stream) {
  return new Promise((resolve, reject) => {
    const onDrain = () => { cleanup(); resolve() }
    const onClose = (evt) => { cleanup(); reject(evt.error ?? new Error('stream closed while waiting for drain')) }
    const cleanup = () => {
      stream.removeEventListener('drain', onDrain)
      stream.removeEventListener('close', onClose)
    }
    stream.addEventListener('drain', onDrain)
    stream.addEventListener('close', onClose)
  })
}

// perf.md: read the 8-byte big-endian size, discard the upload until the client closes, then send that many
// bytes (max u64 means "until the client stops reading", bounded by maxResponse).
export async function servePerf (stream, maxResponse) {
  let header = new Uint8Array(0)
  for await (const value of stream) {
    const chunk = value.subarray()
    if (header.length < 8) {
      const take = Math.min(8 - header.length, chunk.length)
      const merged = new Uint8Array(header.length + take)
      merged.set(header)
      merged.set(chunk.subarray(0, take), header.length)
      header = merged
    }
  }
  if (header.length < 8) throw new Error(`stream ended after ${header.length} of the 8 size bytes`)
  const requested = new DataView(header.buffer).getBigUint64(0, false)
  if (requested !== MAX_U64 && requested > maxResponse) throw new Error(`${requested} bytes requested, above the cap`)
  let remaining = requested === MAX_U64 ? maxResponse : requested
  const block = new Uint8Array(BLOCK)
  while (remaining > 0n) {
    if (stream.status !== 'open' || stream.writeStatus !== 'writable') return
    const n = remaining < BigInt(BLOCK) ? Number(remaining) : BLOCK
    if (!stream.send(n === BLOCK ? block : block.subarray(0, n))) await waitForDrain(stream)
    remaining -= BigInt(n)
  }
  await stream.close()
}
