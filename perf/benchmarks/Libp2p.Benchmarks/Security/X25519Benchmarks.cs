using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Libp2p.Security.Noise;
using Ours = Libp2p.Core.Crypto.X25519;
using Reference = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Libp2p.Benchmarks.Security;

/// <summary>
/// X25519 (RFC 7748 section 5) as the Noise handshake uses it: one variable-base scalar multiplication (a DH)
/// and one fixed-base one (key generation), our managed 64-bit-limb ladder against BouncyCastle; and one whole
/// in-memory Noise XX handshake (both sides: 2 key generations, 6 DHs, hashing, no I/O).
/// </summary>
[MemoryDiagnoser]
public class X25519Benchmarks
{
    private readonly byte[] _scalar = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _point = new byte[32];
    private readonly byte[] _result = new byte[32];
    private readonly byte[] _message = new byte[1024];
    private readonly byte[] _payload = new byte[1024];
    private readonly NoiseKeyPair _initiatorStatic = NoiseKeyPair.Generate();
    private readonly NoiseKeyPair _responderStatic = NoiseKeyPair.Generate();

    /// <summary>Derives a valid peer point.</summary>
    [GlobalSetup]
    public void Setup() => Ours.ScalarMultBase(RandomNumberGenerator.GetBytes(32), _point);

    /// <summary>DH with our ladder.</summary>
    [Benchmark]
    public void ScalarMult_Ours() => Ours.ScalarMult(_scalar, _point, _result);

    /// <summary>DH with BouncyCastle.</summary>
    [Benchmark(Baseline = true)]
    public void ScalarMult_BouncyCastle() => Reference.ScalarMult(_scalar, 0, _point, 0, _result, 0);

    /// <summary>Key generation with our ladder.</summary>
    [Benchmark]
    public void ScalarMultBase_Ours() => Ours.ScalarMultBase(_scalar, _result);

    /// <summary>Key generation with BouncyCastle (precomputed Edwards comb).</summary>
    [Benchmark]
    public void ScalarMultBase_BouncyCastle() => Reference.ScalarMultBase(_scalar, 0, _result, 0);

    /// <summary>Both sides of one Noise XX handshake in memory, empty payloads.</summary>
    [Benchmark]
    public int NoiseXxHandshake()
    {
        using var initiator = NoiseHandshakeState.CreateInitiator(_initiatorStatic);
        using var responder = NoiseHandshakeState.CreateResponder(_responderStatic);
        int length = initiator.WriteMessage([], _message);
        responder.ReadMessage(_message.AsSpan(0, length), _payload);
        length = responder.WriteMessage([], _message);
        initiator.ReadMessage(_message.AsSpan(0, length), _payload);
        length = initiator.WriteMessage([], _message);
        return responder.ReadMessage(_message.AsSpan(0, length), _payload);
    }
}
