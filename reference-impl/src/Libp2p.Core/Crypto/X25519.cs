using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Libp2p.Core.Crypto;

/// <summary>
/// The X25519 function of RFC 7748 (section 5): a constant-time Montgomery ladder over GF(2^255 - 19) with
/// 64-bit limbs. Used by the Noise <c>25519</c> DH function (Noise Protocol Framework rev 34, section 12.1).
/// </summary>
public static class X25519
{
    /// <summary>Length of scalars, u-coordinates and shared secrets.</summary>
    public const int KeyLength = 32;

    // (486662 - 2) / 4, RFC 7748 section 5.
    private const ulong A24 = 121665;

    private static ReadOnlySpan<byte> BasePoint =>
    [
        9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>X25519(k, u) (RFC 7748 section 5): clamps <paramref name="scalar"/>, ignores the top bit of
    /// <paramref name="uCoordinate"/> and accepts non-canonical u values, as the RFC requires.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScalarMult(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> uCoordinate, Span<byte> result)
    {
        CheckLength(scalar, nameof(scalar));
        CheckLength(uCoordinate, nameof(uCoordinate));
        if (result.Length < KeyLength)
        {
            throw new ArgumentException($"the result needs {KeyLength} bytes", nameof(result));
        }

        Span<byte> k = stackalloc byte[KeyLength];
        scalar.CopyTo(k);
        k[0] &= 248;
        k[31] &= 127;
        k[31] |= 64;

        Field25519 x1 = Field25519.Decode(uCoordinate);
        Field25519 x2 = Field25519.One;
        Field25519 z2 = default;
        Field25519 x3 = x1;
        Field25519 z3 = Field25519.One;
        ulong swap = 0;

        for (int t = 254; t >= 0; t--)
        {
            ulong bit = (ulong)((k[t >> 3] >> (t & 7)) & 1);
            swap ^= bit;
            Field25519.ConditionalSwap(ref x2, ref x3, swap);
            Field25519.ConditionalSwap(ref z2, ref z3, swap);
            swap = bit;

            Field25519 a = Field25519.Add(x2, z2);
            Field25519 aa = Field25519.Square(a);
            Field25519 b = Field25519.Subtract(x2, z2);
            Field25519 bb = Field25519.Square(b);
            Field25519 e = Field25519.Subtract(aa, bb);
            Field25519 c = Field25519.Add(x3, z3);
            Field25519 d = Field25519.Subtract(x3, z3);
            Field25519 da = Field25519.Multiply(d, a);
            Field25519 cb = Field25519.Multiply(c, b);
            x3 = Field25519.Square(Field25519.Add(da, cb));
            z3 = Field25519.Multiply(x1, Field25519.Square(Field25519.Subtract(da, cb)));
            x2 = Field25519.Multiply(aa, bb);
            z2 = Field25519.Multiply(e, Field25519.Add(aa, Field25519.MultiplySmall(e, A24)));
        }
        Field25519.ConditionalSwap(ref x2, ref x3, swap);
        Field25519.ConditionalSwap(ref z2, ref z3, swap);

        Field25519.Multiply(x2, Field25519.Invert(z2)).Encode(result);
        CryptographicOperations.ZeroMemory(k);
    }

    /// <summary>X25519(k, 9): the public key of private scalar <paramref name="scalar"/> (RFC 7748 section 6.1).</summary>
    public static void ScalarMultBase(ReadOnlySpan<byte> scalar, Span<byte> result) => ScalarMult(scalar, BasePoint, result);

    /// <summary>
    /// The shared secret X25519(privateKey, publicKey). Returns false when it is all zeros (a low-order public
    /// key; RFC 7748 section 6.1 allows rejecting it), checked without branching on the secret's bytes.
    /// </summary>
    public static bool TryAgree(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, Span<byte> sharedSecret)
    {
        ScalarMult(privateKey, publicKey, sharedSecret);
        int any = 0;
        for (int i = 0; i < KeyLength; i++)
        {
            any |= sharedSecret[i];
        }
        return any != 0;
    }

    private static void CheckLength(ReadOnlySpan<byte> value, string name)
    {
        if (value.Length != KeyLength)
        {
            throw new ArgumentException($"X25519 takes {KeyLength}-byte inputs, got {value.Length}", name);
        }
    }
}
