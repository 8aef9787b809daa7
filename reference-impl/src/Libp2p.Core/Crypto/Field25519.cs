using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Libp2p.Core.Crypto;

/// <summary>
/// An element of GF(2^255 - 19) in radix 2^51: five 64-bit limbs, products in 128 bits (RFC 7748 section 5
/// arithmetic). No operation branches on or indexes by limb values, so timing does not depend on secrets.
/// </summary>
/// <remarks>
/// Bounds: outputs of <see cref="Multiply"/>, <see cref="Square"/> and <see cref="MultiplySmall"/> have limbs
/// below 2^52; <see cref="Add"/> and <see cref="Subtract"/> of such values stay below 2^54, which keeps every
/// 128-bit column sum and every carry times 19 inside 64 bits. The multiplications are compiled fully optimised
/// from the first call: their unoptimised first tier calls out for every 128-bit operation, which made the first
/// handshakes of a fresh process several times slower.
/// </remarks>
internal struct Field25519
{
    private const ulong Mask51 = (1UL << 51) - 1;

    // 2p in radix 2^51, added before subtracting so limbs never go negative.
    private const ulong TwoP0 = 0xFFFFFFFFFFFDA;
    private const ulong TwoP1234 = 0xFFFFFFFFFFFFE;

    public ulong L0, L1, L2, L3, L4;

    public static Field25519 One => new() { L0 = 1 };

    /// <summary>Decodes 32 little-endian bytes, ignoring the top bit (RFC 7748 section 5, decodeUCoordinate).
    /// Non-canonical values (&gt;= p) are accepted and reduced by the arithmetic.</summary>
    public static Field25519 Decode(ReadOnlySpan<byte> bytes)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ulong w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        ulong w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        ulong w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        return new Field25519
        {
            L0 = w0 & Mask51,
            L1 = ((w0 >> 51) | (w1 << 13)) & Mask51,
            L2 = ((w1 >> 38) | (w2 << 26)) & Mask51,
            L3 = ((w2 >> 25) | (w3 << 39)) & Mask51,
            L4 = (w3 >> 12) & Mask51,
        };
    }

    /// <summary>Writes the canonical 32-byte little-endian encoding (fully reduced mod p).</summary>
    public readonly void Encode(Span<byte> destination)
    {
        ulong h0 = L0, h1 = L1, h2 = L2, h3 = L3, h4 = L4;
        Carry(ref h0, ref h1, ref h2, ref h3, ref h4);
        Carry(ref h0, ref h1, ref h2, ref h3, ref h4);

        // Now h < 2^255 + small; q = 1 exactly when h >= p, found by propagating the carry of h + 19.
        ulong q = (h0 + 19) >> 51;
        q = (h1 + q) >> 51;
        q = (h2 + q) >> 51;
        q = (h3 + q) >> 51;
        q = (h4 + q) >> 51;
        h0 += 19 * q;
        h1 += h0 >> 51; h0 &= Mask51;
        h2 += h1 >> 51; h1 &= Mask51;
        h3 += h2 >> 51; h2 &= Mask51;
        h4 += h3 >> 51; h3 &= Mask51;
        h4 &= Mask51;

        BinaryPrimitives.WriteUInt64LittleEndian(destination, h0 | (h1 << 51));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], (h1 >> 13) | (h2 << 38));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], (h2 >> 26) | (h3 << 25));
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], (h3 >> 39) | (h4 << 12));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Field25519 Add(in Field25519 a, in Field25519 b) => new()
    {
        L0 = a.L0 + b.L0,
        L1 = a.L1 + b.L1,
        L2 = a.L2 + b.L2,
        L3 = a.L3 + b.L3,
        L4 = a.L4 + b.L4,
    };

    /// <summary>a - b for b with limbs below 2^52 (any multiplication output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Field25519 Subtract(in Field25519 a, in Field25519 b) => new()
    {
        L0 = a.L0 + TwoP0 - b.L0,
        L1 = a.L1 + TwoP1234 - b.L1,
        L2 = a.L2 + TwoP1234 - b.L2,
        L3 = a.L3 + TwoP1234 - b.L3,
        L4 = a.L4 + TwoP1234 - b.L4,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Field25519 Multiply(in Field25519 a, in Field25519 b)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3, b4 = b.L4;
        ulong b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;

        // Each column is reduced as soon as it is summed (carry into the next), so only one 128-bit sum is live at a
        // time: fewer registers spilled than holding all five columns for one final reduction.
        UInt128 t = Math.BigMul(a0, b0) + Math.BigMul(a1, b4_19) + Math.BigMul(a2, b3_19) + Math.BigMul(a3, b2_19) + Math.BigMul(a4, b1_19);
        ulong r0 = (ulong)t & Mask51;
        t = Math.BigMul(a0, b1) + Math.BigMul(a1, b0) + Math.BigMul(a2, b4_19) + Math.BigMul(a3, b3_19) + Math.BigMul(a4, b2_19) + (ulong)(t >> 51);
        ulong r1 = (ulong)t & Mask51;
        t = Math.BigMul(a0, b2) + Math.BigMul(a1, b1) + Math.BigMul(a2, b0) + Math.BigMul(a3, b4_19) + Math.BigMul(a4, b3_19) + (ulong)(t >> 51);
        ulong r2 = (ulong)t & Mask51;
        t = Math.BigMul(a0, b3) + Math.BigMul(a1, b2) + Math.BigMul(a2, b1) + Math.BigMul(a3, b0) + Math.BigMul(a4, b4_19) + (ulong)(t >> 51);
        ulong r3 = (ulong)t & Mask51;
        t = Math.BigMul(a0, b4) + Math.BigMul(a1, b3) + Math.BigMul(a2, b2) + Math.BigMul(a3, b1) + Math.BigMul(a4, b0) + (ulong)(t >> 51);
        return Finish(r0, r1, r2, r3, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Field25519 Square(in Field25519 a)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3, a4 = a.L4;
        ulong a0_2 = a0 * 2, a1_2 = a1 * 2;
        ulong a1_38 = a1 * 38, a2_38 = a2 * 38, a3_38 = a3 * 38;
        ulong a3_19 = a3 * 19, a4_19 = a4 * 19;

        UInt128 t = Math.BigMul(a0, a0) + Math.BigMul(a1_38, a4) + Math.BigMul(a2_38, a3);
        ulong r0 = (ulong)t & Mask51;
        t = Math.BigMul(a0_2, a1) + Math.BigMul(a2_38, a4) + Math.BigMul(a3_19, a3) + (ulong)(t >> 51);
        ulong r1 = (ulong)t & Mask51;
        t = Math.BigMul(a0_2, a2) + Math.BigMul(a1, a1) + Math.BigMul(a3_38, a4) + (ulong)(t >> 51);
        ulong r2 = (ulong)t & Mask51;
        t = Math.BigMul(a0_2, a3) + Math.BigMul(a1_2, a2) + Math.BigMul(a4_19, a4) + (ulong)(t >> 51);
        ulong r3 = (ulong)t & Mask51;
        t = Math.BigMul(a0_2, a4) + Math.BigMul(a1_2, a3) + Math.BigMul(a2, a2) + (ulong)(t >> 51);
        return Finish(r0, r1, r2, r3, t);
    }

    /// <summary>a * s for a small constant s (below 2^20, e.g. a24 = 121665).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Field25519 MultiplySmall(in Field25519 a, ulong s)
    {
        UInt128 t = Math.BigMul(a.L0, s);
        ulong r0 = (ulong)t & Mask51;
        t = Math.BigMul(a.L1, s) + (ulong)(t >> 51);
        ulong r1 = (ulong)t & Mask51;
        t = Math.BigMul(a.L2, s) + (ulong)(t >> 51);
        ulong r2 = (ulong)t & Mask51;
        t = Math.BigMul(a.L3, s) + (ulong)(t >> 51);
        ulong r3 = (ulong)t & Mask51;
        t = Math.BigMul(a.L4, s) + (ulong)(t >> 51);
        return Finish(r0, r1, r2, r3, t);
    }

    /// <summary>Swaps <paramref name="a"/> and <paramref name="b"/> when <paramref name="swap"/> is 1, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ConditionalSwap(ref Field25519 a, ref Field25519 b, ulong swap)
    {
        ulong mask = 0UL - swap;
        ulong x;
        x = mask & (a.L0 ^ b.L0); a.L0 ^= x; b.L0 ^= x;
        x = mask & (a.L1 ^ b.L1); a.L1 ^= x; b.L1 ^= x;
        x = mask & (a.L2 ^ b.L2); a.L2 ^= x; b.L2 ^= x;
        x = mask & (a.L3 ^ b.L3); a.L3 ^= x; b.L3 ^= x;
        x = mask & (a.L4 ^ b.L4); a.L4 ^= x; b.L4 ^= x;
    }

    /// <summary>a^(p-2) = a^-1 (and 0 for 0), by the fixed addition chain for 2^255 - 21.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Field25519 Invert(in Field25519 z)
    {
        Field25519 z2 = Square(z);                           // 2
        Field25519 t = SquareTimes(z2, 2);                   // 8
        Field25519 z9 = Multiply(t, z);                      // 9
        Field25519 z11 = Multiply(z9, z2);                   // 11
        t = Square(z11);                                     // 22
        Field25519 z2_5_0 = Multiply(t, z9);                 // 2^5 - 1
        t = SquareTimes(z2_5_0, 5);
        Field25519 z2_10_0 = Multiply(t, z2_5_0);            // 2^10 - 1
        t = SquareTimes(z2_10_0, 10);
        Field25519 z2_20_0 = Multiply(t, z2_10_0);           // 2^20 - 1
        t = SquareTimes(z2_20_0, 20);
        t = Multiply(t, z2_20_0);                            // 2^40 - 1
        t = SquareTimes(t, 10);
        Field25519 z2_50_0 = Multiply(t, z2_10_0);           // 2^50 - 1
        t = SquareTimes(z2_50_0, 50);
        Field25519 z2_100_0 = Multiply(t, z2_50_0);          // 2^100 - 1
        t = SquareTimes(z2_100_0, 100);
        t = Multiply(t, z2_100_0);                           // 2^200 - 1
        t = SquareTimes(t, 50);
        t = Multiply(t, z2_50_0);                            // 2^250 - 1
        t = SquareTimes(t, 5);                               // 2^255 - 2^5
        return Multiply(t, z11);                             // 2^255 - 21
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Field25519 SquareTimes(in Field25519 a, int count)
    {
        Field25519 r = Square(a);
        for (int i = 1; i < count; i++)
        {
            r = Square(r);
        }
        return r;
    }

    /// <summary>The last column: its carry, times 19 (2^255 = 19 mod p), goes back into limb 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Field25519 Finish(ulong r0, ulong r1, ulong r2, ulong r3, UInt128 t4)
    {
        ulong r4 = (ulong)t4 & Mask51;
        r0 += (ulong)(t4 >> 51) * 19;
        r1 += r0 >> 51;
        r0 &= Mask51;
        return new Field25519 { L0 = r0, L1 = r1, L2 = r2, L3 = r3, L4 = r4 };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Carry(ref ulong h0, ref ulong h1, ref ulong h2, ref ulong h3, ref ulong h4)
    {
        h1 += h0 >> 51; h0 &= Mask51;
        h2 += h1 >> 51; h1 &= Mask51;
        h3 += h2 >> 51; h2 &= Mask51;
        h4 += h3 >> 51; h3 &= Mask51;
        h0 += 19 * (h4 >> 51); h4 &= Mask51;
    }
}
