using BenchmarkDotNet.Attributes;
using Libp2p.Core.Identity;
using Libp2p.Core.Records;

namespace Libp2p.Benchmarks.Identity;

/// <summary>
/// Peer-ID derivation (libp2p/specs peer-ids/peer-ids.md "Peer Ids"), Ed25519 / secp256k1 sign and verify
/// (the per-handshake cost of Noise and TLS), and a peer-record envelope open (RFC 0002/0003).
/// </summary>
[MemoryDiagnoser]
public class IdentityBenchmarks
{
    private readonly byte[] _message = new byte[128];
    private PrivateKey _ed25519 = null!;
    private PrivateKey _secp256k1 = null!;
    private byte[] _ed25519Signature = null!;
    private byte[] _secp256k1Signature = null!;
    private byte[] _ed25519Protobuf = null!;
    private byte[] _record = null!;
    private string _peerIdText = null!;

    /// <summary>Fixed keys so runs are comparable.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ed25519 = PrivateKey.Ed25519FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        _secp256k1 = PrivateKey.FromProtobuf([0x08, 0x02, 0x12, 0x20, .. Enumerable.Range(7, 32).Select(i => (byte)i)]);
        _ed25519Signature = _ed25519.Sign(_message);
        _secp256k1Signature = _secp256k1.Sign(_message);
        _ed25519Protobuf = _ed25519.PublicKey.ToProtobuf();
        _peerIdText = PeerId.FromPublicKey(_ed25519.PublicKey).ToString();
        var record = new PeerRecord(PeerId.FromPublicKey(_ed25519.PublicKey), 1,
            [Libp2p.Core.Multiformats.Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001"), Libp2p.Core.Multiformats.Multiaddr.Parse("/ip6/::1/udp/4001/quic-v1")]);
        _record = record.Seal(_ed25519).ToBytes();
    }

    /// <summary>Peer ID of an Ed25519 key (identity multihash).</summary>
    [Benchmark]
    public PeerId PeerIdFromEd25519Key() => PeerId.FromPublicKey(_ed25519.PublicKey);

    /// <summary>Peer ID of a secp256k1 key (identity multihash).</summary>
    [Benchmark]
    public PeerId PeerIdFromSecp256k1Key() => PeerId.FromPublicKey(_secp256k1.PublicKey);

    /// <summary>Decoding a received Ed25519 public key protobuf (point decompression included).</summary>
    [Benchmark]
    public PublicKey DecodeEd25519PublicKey() => PublicKey.FromProtobuf(_ed25519Protobuf);

    /// <summary>Parsing a base58btc peer ID.</summary>
    [Benchmark]
    public PeerId ParsePeerId() => PeerId.Parse(_peerIdText);

    /// <summary>Ed25519 signature of 128 bytes.</summary>
    [Benchmark]
    public byte[] Ed25519Sign() => _ed25519.Sign(_message);

    /// <summary>Ed25519 verification of 128 bytes.</summary>
    [Benchmark]
    public bool Ed25519Verify() => _ed25519.PublicKey.Verify(_message, _ed25519Signature);

    /// <summary>secp256k1 signature (RFC 6979, low-S, DER) of 128 bytes.</summary>
    [Benchmark]
    public byte[] Secp256k1Sign() => _secp256k1.Sign(_message);

    /// <summary>secp256k1 verification of 128 bytes.</summary>
    [Benchmark]
    public bool Secp256k1Verify() => _secp256k1.PublicKey.Verify(_message, _secp256k1Signature);

    /// <summary>Opening and certifying a signed peer record.</summary>
    [Benchmark]
    public PeerRecord OpenPeerRecord() => PeerRecord.Open(_record);
}
