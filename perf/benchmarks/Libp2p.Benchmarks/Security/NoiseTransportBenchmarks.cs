using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Libp2p.Security.Noise;
using Org.BouncyCastle.Crypto.Parameters;

namespace Libp2p.Benchmarks.Security;

/// <summary>
/// Noise transport-phase cost of one maximum-size message (65519 plaintext bytes, ~64 KiB), with the
/// ChaChaPoly of System.Security.Cryptography and, as a baseline, BouncyCastle's.
/// </summary>
[MemoryDiagnoser]
public class NoiseTransportBenchmarks
{
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(NoiseTransportState.MaxPlaintextLength);
    private readonly byte[] _ciphertext = new byte[NoiseTransportState.MaxMessageLength];
    private readonly byte[] _sealed = new byte[NoiseTransportState.MaxMessageLength];
    private readonly byte[] _opened = new byte[NoiseTransportState.MaxPlaintextLength];
    private readonly byte[] _bcNonce = new byte[12];
    private readonly byte[] _bcKey = RandomNumberGenerator.GetBytes(32);
    private readonly Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305 _bouncyCastle = new();
    private NoiseTransportState _initiator = null!;
    private NoiseTransportState _responder = null!;
    private ulong _bcCounter;

    [GlobalSetup]
    public void Setup()
    {
        using var initiator = NoiseHandshakeState.CreateInitiator(NoiseKeyPair.Generate());
        using var responder = NoiseHandshakeState.CreateResponder(NoiseKeyPair.Generate());
        var message = new byte[NoiseHandshakeState.MaxMessageLength];
        var payload = new byte[NoiseHandshakeState.MaxMessageLength];
        responder.ReadMessage(message.AsSpan(0, initiator.WriteMessage([], message)), payload);
        initiator.ReadMessage(message.AsSpan(0, responder.WriteMessage([], message)), payload);
        responder.ReadMessage(message.AsSpan(0, initiator.WriteMessage([], message)), payload);
        _initiator = initiator.Split();
        _responder = responder.Split();
        _initiator.Encrypt(_plaintext, _sealed);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _initiator.Dispose();
        _responder.Dispose();
    }

    /// <summary>Encrypts one 64 KiB message (System.Security.Cryptography ChaCha20Poly1305).</summary>
    [Benchmark(Baseline = true)]
    public int Encrypt64K() => _initiator.Encrypt(_plaintext, _ciphertext);

    /// <summary>Authenticates and decrypts one 64 KiB message (the nonce is rewound so the same message verifies).</summary>
    [Benchmark]
    public int Decrypt64K()
    {
        _responder.SetNonces(0, 0);
        return _responder.Decrypt(_sealed, _opened);
    }

    /// <summary>The same AEAD work with BouncyCastle's managed ChaCha20-Poly1305, for comparison.</summary>
    [Benchmark]
    public int BouncyCastleEncrypt64K()
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(_bcNonce.AsSpan(4), _bcCounter++);
        _bouncyCastle.Init(true, new AeadParameters(new KeyParameter(_bcKey), 128, _bcNonce));
        int written = _bouncyCastle.ProcessBytes(_plaintext, 0, _plaintext.Length, _ciphertext, 0);
        return written + _bouncyCastle.DoFinal(_ciphertext, written);
    }
}
