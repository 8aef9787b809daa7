using Libp2p.Security.Noise.Internal;

namespace Libp2p.Security.Noise;

/// <summary>
/// The transport phase of a completed Noise handshake: one CipherState per direction (Noise Protocol
/// Framework rev 34, section 5.2 Split). Sans-IO: encrypts and decrypts single Noise messages; framing is
/// the caller's (libp2p/specs noise/README.md "Wire Format"). Not thread-safe per direction.
/// </summary>
public sealed class NoiseTransportState : IDisposable
{
    /// <summary>Maximum Noise message size (libp2p/specs noise/README.md "Wire Format").</summary>
    public const int MaxMessageLength = NoiseHandshakeState.MaxMessageLength;

    /// <summary>Length of the ChaChaPoly authentication tag.</summary>
    public const int TagLength = NoiseCipherState.TagLength;

    /// <summary>Maximum plaintext per transport message: 65535 - 16.</summary>
    public const int MaxPlaintextLength = MaxMessageLength - TagLength;

    private readonly NoiseCipherState _send = new();
    private readonly NoiseCipherState _receive = new();
    private readonly byte[] _handshakeHash;

    internal NoiseTransportState(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> handshakeHash)
    {
        _send.InitializeKey(sendKey);
        _receive.InitializeKey(receiveKey);
        _handshakeHash = handshakeHash.ToArray();
    }

    /// <summary>The final handshake hash, usable as a channel binding (section 11.2).</summary>
    public ReadOnlySpan<byte> HandshakeHash => _handshakeHash;

    /// <summary>Encrypts one message; <paramref name="destination"/> needs plaintext length + 16 bytes.</summary>
    /// <returns>The ciphertext length.</returns>
    public int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (plaintext.Length > MaxPlaintextLength)
        {
            throw new ArgumentException($"at most {MaxPlaintextLength} plaintext bytes fit one Noise message", nameof(plaintext));
        }
        return _send.EncryptWithAd(ReadOnlySpan<byte>.Empty, plaintext, destination);
    }

    /// <summary>
    /// Authenticates and decrypts one message into <paramref name="destination"/> (ciphertext length - 16 bytes).
    /// Throws <see cref="NoiseException"/> on an authentication failure; the connection must then be closed.
    /// </summary>
    /// <returns>The plaintext length.</returns>
    public int Decrypt(ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        if (ciphertext.Length > MaxMessageLength)
        {
            throw new NoiseException($"a {ciphertext.Length}-byte message exceeds {MaxMessageLength} bytes");
        }
        return _receive.DecryptWithAd(ReadOnlySpan<byte>.Empty, ciphertext, destination);
    }

    /// <summary>Sets both nonces; only for tests of the reserved nonce 2^64-1.</summary>
    internal void SetNonces(ulong send, ulong receive)
    {
        _send.SetNonce(send);
        _receive.SetNonce(receive);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _send.Dispose();
        _receive.Dispose();
    }
}
