using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Libp2p.Security.Noise.Internal;

/// <summary>SymmetricState of the Noise Protocol Framework rev 34 (section 5.2) with SHA-256.</summary>
internal sealed class NoiseSymmetricState : IDisposable
{
    private const int StackLimit = 512;

    private readonly byte[] _chainingKey = new byte[NoiseHkdf.HashLength];
    private readonly byte[] _hash = new byte[NoiseHkdf.HashLength];
    private readonly NoiseCipherState _cipher = new();

    /// <summary>InitializeSymmetric(protocol_name).</summary>
    public NoiseSymmetricState(string protocolName)
    {
        byte[] name = Encoding.ASCII.GetBytes(protocolName);
        if (name.Length <= NoiseHkdf.HashLength)
        {
            name.CopyTo(_hash, 0);
        }
        else
        {
            SHA256.HashData(name, _hash);
        }
        _hash.CopyTo(_chainingKey, 0);
    }

    public ReadOnlySpan<byte> Hash => _hash;

    public bool HasKey => _cipher.HasKey;

    public void MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> tempKey = stackalloc byte[NoiseHkdf.HashLength];
        NoiseHkdf.Derive(_chainingKey, inputKeyMaterial, _chainingKey, tempKey);
        _cipher.InitializeKey(tempKey);
        CryptographicOperations.ZeroMemory(tempKey);
    }

    public void MixHash(ReadOnlySpan<byte> data)
    {
        // h = SHA256(h || data) in one shot: creating an IncrementalHash per call costs more than the hashing.
        int length = NoiseHkdf.HashLength + data.Length;
        byte[]? rented = length > StackLimit ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> input = rented is null ? stackalloc byte[StackLimit] : rented;
        _hash.CopyTo(input);
        data.CopyTo(input[NoiseHkdf.HashLength..]);
        SHA256.HashData(input[..length], _hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public int EncryptAndHash(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        int written = _cipher.EncryptWithAd(_hash, plaintext, destination);
        MixHash(destination[..written]);
        return written;
    }

    public int DecryptAndHash(ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        int written = _cipher.DecryptWithAd(_hash, ciphertext, destination);
        MixHash(ciphertext);
        return written;
    }

    /// <summary>Split(): the initiator-to-responder and responder-to-initiator keys.</summary>
    public void Split(Span<byte> key1, Span<byte> key2) => NoiseHkdf.Derive(_chainingKey, ReadOnlySpan<byte>.Empty, key1, key2);

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_chainingKey);
        _cipher.Dispose();
    }
}
