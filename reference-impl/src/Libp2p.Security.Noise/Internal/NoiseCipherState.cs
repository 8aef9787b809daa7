using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Libp2p.Security.Noise.Internal;

/// <summary>
/// CipherState of the Noise Protocol Framework rev 34 (section 5.1) with the ChaChaPoly cipher functions
/// (section 12.3): 96-bit nonce = 32 zero bits followed by the little-endian 64-bit counter.
/// </summary>
internal sealed class NoiseCipherState : IDisposable
{
    public const int TagLength = 16;
    public const int KeyLength = 32;

    private ChaCha20Poly1305? _aead;
    private ulong _nonce;

    public bool HasKey => _aead is not null;

    public ulong Nonce => _nonce;

    public void InitializeKey(ReadOnlySpan<byte> key)
    {
        _aead?.Dispose();
        _aead = new ChaCha20Poly1305(key);
        _nonce = 0;
    }

    /// <summary>Section 5.1 SetNonce; used by tests to reach the reserved maximum nonce.</summary>
    public void SetNonce(ulong nonce) => _nonce = nonce;

    /// <summary>Encrypts into <paramref name="destination"/> (plaintext length + 16) and returns bytes written.</summary>
    public int EncryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (_aead is null)
        {
            plaintext.CopyTo(destination);
            return plaintext.Length;
        }
        // Section 5.1: nonce 2^64-1 is reserved; running out is an error, never a wrap-around.
        if (_nonce == ulong.MaxValue)
        {
            throw new NoiseException("nonce space exhausted; the session must be closed");
        }
        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _nonce);
        _aead.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagLength), ad);
        _nonce++;
        return plaintext.Length + TagLength;
    }

    /// <summary>Authenticates and decrypts into <paramref name="destination"/>; the nonce only advances on success.</summary>
    public int DecryptWithAd(ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        if (_aead is null)
        {
            ciphertext.CopyTo(destination);
            return ciphertext.Length;
        }
        if (ciphertext.Length < TagLength)
        {
            throw new NoiseException($"ciphertext of {ciphertext.Length} bytes is shorter than the {TagLength}-byte tag");
        }
        if (_nonce == ulong.MaxValue)
        {
            throw new NoiseException("nonce space exhausted; the session must be closed");
        }
        Span<byte> nonce = stackalloc byte[12];
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _nonce);
        int length = ciphertext.Length - TagLength;
        try
        {
            _aead.Decrypt(nonce, ciphertext[..length], ciphertext[length..], destination[..length], ad);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new NoiseException("ChaChaPoly authentication failed", ex);
        }
        _nonce++;
        return length;
    }

    public void Dispose()
    {
        _aead?.Dispose();
        _aead = null;
    }
}
