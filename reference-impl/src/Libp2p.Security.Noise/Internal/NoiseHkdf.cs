using System.Security.Cryptography;

namespace Libp2p.Security.Noise.Internal;

/// <summary>HKDF of the Noise Protocol Framework rev 34 (section 4.3) over HMAC-SHA256.</summary>
internal static class NoiseHkdf
{
    public const int HashLength = 32;

    /// <summary>Fills <paramref name="output1"/> and <paramref name="output2"/> (and <paramref name="output3"/> when non-empty).</summary>
    public static void Derive(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, Span<byte> output1, Span<byte> output2, Span<byte> output3 = default)
    {
        Span<byte> tempKey = stackalloc byte[HashLength];
        Span<byte> block = stackalloc byte[HashLength + 1];
        HMACSHA256.HashData(chainingKey, inputKeyMaterial, tempKey);

        block[0] = 0x01;
        HMACSHA256.HashData(tempKey, block[..1], output1);

        output1.CopyTo(block);
        block[HashLength] = 0x02;
        HMACSHA256.HashData(tempKey, block, output2);

        if (!output3.IsEmpty)
        {
            output2.CopyTo(block);
            block[HashLength] = 0x03;
            HMACSHA256.HashData(tempKey, block, output3);
        }
        CryptographicOperations.ZeroMemory(tempKey);
        CryptographicOperations.ZeroMemory(block);
    }
}
