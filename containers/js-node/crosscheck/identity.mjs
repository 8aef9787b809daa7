// Cross-check helper for Identity.Conformance.Tests: runs the pinned @libp2p/crypto, @libp2p/peer-id and
// @libp2p/peer-record over keys, peer IDs, signatures and signed peer records, so the C# suite can compare
// both directions. One batched run: JSON on stdin, JSON on stdout, logs (none) on stderr.
//
// stdin: {
//   "generate":    [{ "type": "Ed25519"|"secp256k1"|"ECDSA"|"RSA", "message": hex }],
//   "keys":        [{ "privateKey": hex (PrivateKey protobuf), "publicKey": hex, "message": hex, "signature": hex }],
//   "openRecords": [{ "envelope": hex }],
//   "sealRecords": [{ "privateKey": hex, "seq": decimal string, "addrs": [string] }]
// }
// stdout: {
//   "generated":   [{ "privateKey", "publicKey", "peerId", "cid", "peerIdError", "signature" }],
//   "keys":        [{ "publicKey", "peerId", "cid", "peerIdError", "verified", "signature", "error",
//                     "publicKeyReencoded", "verifiedWithPublicKey", "publicKeyError" }],
//   "openRecords": [{ "peerId", "seq", "addrs", "error" }],
//   "sealRecords": [{ "envelope", "error" }]
// }
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf, publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromMultihash, peerIdFromPublicKey } from '@libp2p/peer-id'
import { PeerRecord, RecordEnvelope } from '@libp2p/peer-record'
import { multiaddr } from '@multiformats/multiaddr'

const toHex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'))
const describe = (err) => `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`

async function readStdin () {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

// @libp2p/peer-id 6 has no ECDSA peer-ID class, and @libp2p/crypto 5's ECDSA toMultihash() is an identity
// multihash of the 95-byte protobuf, which peerIdFromMultihash rejects; the error is reported, not hidden.
function peerIdOf (publicKey) {
  return publicKey.type === 'ECDSA' ? peerIdFromMultihash(publicKey.toMultihash()) : peerIdFromPublicKey(publicKey)
}

function describeKey (key) {
  const result = { publicKey: toHex(publicKeyToProtobuf(key.publicKey)), peerId: null, cid: null, peerIdError: null }
  try {
    const peerId = peerIdOf(key.publicKey)
    result.peerId = peerId.toString()
    result.cid = peerId.toCID().toString()
  } catch (err) {
    result.peerIdError = describe(err)
  }
  return result
}

async function generate ({ type, message }) {
  const key = await generateKeyPair(type)
  return {
    privateKey: toHex(privateKeyToProtobuf(key)),
    ...describeKey(key),
    signature: toHex(await key.sign(fromHex(message)))
  }
}

async function checkKey ({ privateKey, publicKey, message, signature }) {
  const msg = fromHex(message)
  let result
  try {
    const key = privateKeyFromProtobuf(fromHex(privateKey))
    result = {
      ...describeKey(key),
      verified: await key.publicKey.verify(msg, fromHex(signature)),
      signature: toHex(await key.sign(msg)),
      error: null
    }
  } catch (err) {
    result = { publicKey: null, peerId: null, cid: null, peerIdError: null, verified: false, signature: null, error: describe(err) }
  }
  try {
    const decoded = publicKeyFromProtobuf(fromHex(publicKey))
    result.publicKeyReencoded = toHex(publicKeyToProtobuf(decoded))
    result.verifiedWithPublicKey = await decoded.verify(msg, fromHex(signature))
    result.publicKeyError = null
  } catch (err) {
    result.publicKeyReencoded = null
    result.verifiedWithPublicKey = false
    result.publicKeyError = describe(err)
  }
  return result
}

async function openRecord ({ envelope }) {
  try {
    const opened = await RecordEnvelope.openAndCertify(fromHex(envelope), PeerRecord.DOMAIN)
    const record = PeerRecord.createFromProtobuf(opened.payload)
    if (!peerIdOf(opened.publicKey).equals(record.peerId)) {
      throw new Error('record peer ID does not match the envelope key')
    }
    return { peerId: record.peerId.toString(), seq: record.seqNumber.toString(), addrs: record.multiaddrs.map((m) => m.toString()), error: null }
  } catch (err) {
    return { peerId: null, seq: null, addrs: null, error: describe(err) }
  }
}

async function sealRecord ({ privateKey, seq, addrs }) {
  try {
    const key = privateKeyFromProtobuf(fromHex(privateKey))
    const record = new PeerRecord({ peerId: peerIdOf(key.publicKey), seqNumber: BigInt(seq), multiaddrs: addrs.map((a) => multiaddr(a)) })
    const envelope = await RecordEnvelope.seal(record, key)
    return { envelope: toHex(envelope.marshal()), error: null }
  } catch (err) {
    return { envelope: null, error: describe(err) }
  }
}

const input = JSON.parse(await readStdin())
const output = {
  generated: await Promise.all((input.generate ?? []).map(generate)),
  keys: await Promise.all((input.keys ?? []).map(checkKey)),
  openRecords: await Promise.all((input.openRecords ?? []).map(openRecord)),
  sealRecords: await Promise.all((input.sealRecords ?? []).map(sealRecord))
}
process.stdout.write(JSON.stringify(output))
