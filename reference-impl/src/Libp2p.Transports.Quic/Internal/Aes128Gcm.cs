using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// AES-128-GCM (NIST SP 800-38D) with a 12-byte nonce and 16-byte tag on AES-NI and PCLMULQDQ, for QUIC packet
/// protection (RFC 9001 §5.3) and header protection (RFC 9001 §5.4.3). The platform <see cref="AesGcm"/> goes through
/// OpenSSL with a fixed cost per call (context setup, parameter lookups, error-queue clearing) that exceeded the
/// cipher work itself at one call per 1.4 KB packet; this one runs in the calling thread with no allocation. Used only
/// when <see cref="IsSupported"/>; the platform implementation remains the fallback. Not thread-safe.
/// </summary>
internal sealed class Aes128Gcm
{
    public const int KeySize = 16;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

    // GHASH key powers H, H^2, H^3, H^4 in the byte-reversed domain (four blocks share one reduction).
    private readonly Vector128<byte> _h1;
    private readonly Vector128<byte> _h2;
    private readonly Vector128<byte> _h3;
    private readonly Vector128<byte> _h4;

    // For eight blocks per reduction with 256-bit carry-less multiplies: (H^8, H^7), (H^6, H^5), (H^4, H^3), (H^2, H).
    private readonly Vector256<byte>[] _hPairs = new Vector256<byte>[4];

    public Aes128Gcm(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("AES-128 needs a 16-byte key", nameof(key));
        }
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI and PCLMULQDQ are required");
        }
        ExpandKey(Vector128.Create(key), _roundKeys);
        _h1 = Reverse(EncryptBlock(Vector128<byte>.Zero));
        _h2 = GfMul(_h1, _h1);
        _h3 = GfMul(_h2, _h1);
        _h4 = GfMul(_h3, _h1);
        Vector128<byte> h5 = GfMul(_h4, _h1);
        Vector128<byte> h6 = GfMul(h5, _h1);
        Vector128<byte> h7 = GfMul(h6, _h1);
        Vector128<byte> h8 = GfMul(h7, _h1);
        _hPairs[0] = Vector256.Create(h8, h7);
        _hPairs[1] = Vector256.Create(h6, h5);
        _hPairs[2] = Vector256.Create(_h4, _h3);
        _hPairs[3] = Vector256.Create(_h2, _h1);
    }

    /// <summary>Whether GHASH can take eight blocks at a time in 256-bit carry-less multiplies (VPCLMULQDQ).</summary>
    private static bool WideGhash => Pclmulqdq.V256.IsSupported && Avx2.IsSupported;

    /// <summary>True when the CPU has the instructions this implementation needs.</summary>
    public static bool IsSupported => X86Aes.IsSupported && Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>AES-128 of one block (header protection's mask, RFC 9001 §5.4.3).</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) =>
        EncryptBlock(Vector128.Create(input[..16])).CopyTo(output);

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (may be the same span) and writes the tag.</summary>
    // Straight to optimized code: tier-0 vector code is many times slower, and short transfers finish before tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckArguments(nonce, plaintext.Length, ciphertext.Length, tag.Length);
        Vector128<byte> j0 = CounterBlock(nonce, 1);
        // Two passes: one loop doing both AES and GHASH per chunk measured slower (register pressure), not faster.
        Ctr(nonce, plaintext, ciphertext);
        Vector128<byte> s = Ghash(associatedData, ciphertext[..plaintext.Length]);
        Sse2.Xor(s, EncryptBlock(j0)).CopyTo(tag);
    }

    /// <summary>
    /// Authenticates, then decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/> (may be the same
    /// span). Returns false, leaving the output untouched, when the tag does not match.
    /// </summary>
    // Straight to optimized code: tier-0 vector code is many times slower, and short transfers finish before tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        CheckArguments(nonce, ciphertext.Length, plaintext.Length, tag.Length);
        Vector128<byte> s = Ghash(associatedData, ciphertext);
        Span<byte> expected = stackalloc byte[TagSize];
        Sse2.Xor(s, EncryptBlock(CounterBlock(nonce, 1))).CopyTo(expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }
        Ctr(nonce, ciphertext, plaintext);
        return true;
    }

    private static void CheckArguments(ReadOnlySpan<byte> nonce, int inputLength, int outputLength, int tagLength)
    {
        if (nonce.Length != NonceSize || tagLength != TagSize || outputLength < inputLength)
        {
            throw new ArgumentException("AES-GCM needs a 12-byte nonce, a 16-byte tag and an output as long as the input");
        }
    }

    private static Vector128<byte> CounterBlock(ReadOnlySpan<byte> nonce, uint counter)
    {
        Span<byte> block = stackalloc byte[16];
        nonce.CopyTo(block);
        BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter);
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    /// <summary>CTR mode from counter 2 (counter 1 masks the tag).</summary>
    // Straight to optimized code: tier-0 vector code is many times slower, and short transfers finish before tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Ctr(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, Span<byte> output)
    {
        Vector128<uint> baseBlock = CounterBlock(nonce, 0).AsUInt32();
        uint counter = 2;
        int i = 0;
        for (; i + 128 <= input.Length; i += 128)
        {
            KeystreamEight(baseBlock, counter, out Vector128<byte> k0, out Vector128<byte> k1, out Vector128<byte> k2, out Vector128<byte> k3,
                out Vector128<byte> k4, out Vector128<byte> k5, out Vector128<byte> k6, out Vector128<byte> k7);
            counter += 8;
            ReadOnlySpan<byte> chunk = input.Slice(i, 128);
            Span<byte> target = output.Slice(i, 128);
            Sse2.Xor(Vector128.Create(chunk[..16]), k0).CopyTo(target);
            Sse2.Xor(Vector128.Create(chunk.Slice(16, 16)), k1).CopyTo(target[16..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(32, 16)), k2).CopyTo(target[32..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(48, 16)), k3).CopyTo(target[48..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(64, 16)), k4).CopyTo(target[64..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(80, 16)), k5).CopyTo(target[80..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(96, 16)), k6).CopyTo(target[96..]);
            Sse2.Xor(Vector128.Create(chunk.Slice(112, 16)), k7).CopyTo(target[112..]);
        }
        if (i < input.Length)
        {
            // The last 1-127 bytes: one more eight-block keystream (blocks in parallel cost about what two or three
            // in sequence do), of which only what is needed is used.
            KeystreamEight(baseBlock, counter, out Vector128<byte> k0, out Vector128<byte> k1, out Vector128<byte> k2, out Vector128<byte> k3,
                out Vector128<byte> k4, out Vector128<byte> k5, out Vector128<byte> k6, out Vector128<byte> k7);
            Span<byte> keystream = stackalloc byte[128];
            k0.CopyTo(keystream);
            k1.CopyTo(keystream[16..]);
            k2.CopyTo(keystream[32..]);
            k3.CopyTo(keystream[48..]);
            k4.CopyTo(keystream[64..]);
            k5.CopyTo(keystream[80..]);
            k6.CopyTo(keystream[96..]);
            k7.CopyTo(keystream[112..]);
            ReadOnlySpan<byte> rest = input[i..];
            Span<byte> target = output[i..];
            int j = 0;
            for (; j + 16 <= rest.Length; j += 16)
            {
                Sse2.Xor(Vector128.Create(rest.Slice(j, 16)), Vector128.Create((ReadOnlySpan<byte>)keystream.Slice(j, 16))).CopyTo(target[j..]);
            }
            for (; j < rest.Length; j++)
            {
                target[j] = (byte)(rest[j] ^ keystream[j]);
            }
        }
    }

    /// <summary>The AES-CTR keystream of eight consecutive counters (eight blocks in flight hide AESENC's latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void KeystreamEight(Vector128<uint> baseBlock, uint counter, out Vector128<byte> b0, out Vector128<byte> b1, out Vector128<byte> b2,
        out Vector128<byte> b3, out Vector128<byte> b4, out Vector128<byte> b5, out Vector128<byte> b6, out Vector128<byte> b7)
    {
        Vector128<byte>[] rk = _roundKeys;
        Vector128<byte> k0 = rk[0];
        b0 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte(), k0);
        b1 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 1)).AsByte(), k0);
        b2 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 2)).AsByte(), k0);
        b3 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 3)).AsByte(), k0);
        b4 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 4)).AsByte(), k0);
        b5 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 5)).AsByte(), k0);
        b6 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 6)).AsByte(), k0);
        b7 = Sse2.Xor(baseBlock.WithElement(3, BinaryPrimitives.ReverseEndianness(counter + 7)).AsByte(), k0);
        for (int r = 1; r < 10; r++)
        {
            Vector128<byte> k = rk[r];
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
            b4 = X86Aes.Encrypt(b4, k);
            b5 = X86Aes.Encrypt(b5, k);
            b6 = X86Aes.Encrypt(b6, k);
            b7 = X86Aes.Encrypt(b7, k);
        }
        Vector128<byte> last = rk[10];
        b0 = X86Aes.EncryptLast(b0, last);
        b1 = X86Aes.EncryptLast(b1, last);
        b2 = X86Aes.EncryptLast(b2, last);
        b3 = X86Aes.EncryptLast(b3, last);
        b4 = X86Aes.EncryptLast(b4, last);
        b5 = X86Aes.EncryptLast(b5, last);
        b6 = X86Aes.EncryptLast(b6, last);
        b7 = X86Aes.EncryptLast(b7, last);
    }

    /// <summary>GHASH(H, A, C) (SP 800-38D §6.4), returned in normal byte order.</summary>
    private Vector128<byte> Ghash(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext)
    {
        Vector128<byte> x = Vector128<byte>.Zero;
        x = GhashPadded(x, associatedData);
        x = GhashPadded(x, ciphertext);
        return GhashFinish(x, associatedData.Length, ciphertext.Length);
    }

    /// <summary>Folds in the length block and returns GHASH in normal byte order.</summary>
    private Vector128<byte> GhashFinish(Vector128<byte> x, int associatedDataLength, int ciphertextLength)
    {
        Vector128<ulong> lengths = Vector128.Create(
            BinaryPrimitives.ReverseEndianness((ulong)associatedDataLength * 8),
            BinaryPrimitives.ReverseEndianness((ulong)ciphertextLength * 8));
        x = GfMul(Sse2.Xor(x, Reverse(lengths.AsByte())), _h1);
        return Reverse(x);
    }

    /// <summary>X' = (X + C0)·H^4 + C1·H^3 + C2·H^2 + C3·H, reduced once (blocks in normal byte order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> HashFour(Vector128<byte> x, Vector128<byte> c0, Vector128<byte> c1, Vector128<byte> c2, Vector128<byte> c3)
    {
        (Vector128<ulong> lo, Vector128<ulong> hi) = ClMul(Sse2.Xor(x, Reverse(c0)), _h4);
        (Vector128<ulong> lo1, Vector128<ulong> hi1) = ClMul(Reverse(c1), _h3);
        (Vector128<ulong> lo2, Vector128<ulong> hi2) = ClMul(Reverse(c2), _h2);
        (Vector128<ulong> lo3, Vector128<ulong> hi3) = ClMul(Reverse(c3), _h1);
        lo = Sse2.Xor(Sse2.Xor(lo, lo1), Sse2.Xor(lo2, lo3));
        hi = Sse2.Xor(Sse2.Xor(hi, hi1), Sse2.Xor(hi2, hi3));
        return Reduce(lo, hi);
    }

    /// <summary>
    /// X' = (X + C0)·H^8 + C1·H^7 + ... + C7·H with two blocks per 256-bit multiply, reduced once (block pairs in
    /// normal byte order, the first of each pair in the lower half). Only when <see cref="WideGhash"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> HashEight(Vector128<byte> x, Vector256<byte> c01, Vector256<byte> c23, Vector256<byte> c45, Vector256<byte> c67)
    {
        Vector256<byte>[] h = _hPairs;
        (Vector256<ulong> lo, Vector256<ulong> hi) = ClMul(Avx2.Xor(Reverse(c01), Vector256.Create(x, Vector128<byte>.Zero)), h[0]);
        (Vector256<ulong> lo1, Vector256<ulong> hi1) = ClMul(Reverse(c23), h[1]);
        (Vector256<ulong> lo2, Vector256<ulong> hi2) = ClMul(Reverse(c45), h[2]);
        (Vector256<ulong> lo3, Vector256<ulong> hi3) = ClMul(Reverse(c67), h[3]);
        lo = Avx2.Xor(Avx2.Xor(lo, lo1), Avx2.Xor(lo2, lo3));
        hi = Avx2.Xor(Avx2.Xor(hi, hi1), Avx2.Xor(hi2, hi3));
        return Reduce(Sse2.Xor(lo.GetLower(), lo.GetUpper()), Sse2.Xor(hi.GetLower(), hi.GetUpper()));
    }

    // Straight to optimized code: tier-0 vector code is many times slower, and short transfers finish before tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vector128<byte> GhashPadded(Vector128<byte> x, ReadOnlySpan<byte> data)
    {
        int i = 0;
        if (WideGhash)
        {
            for (; i + 128 <= data.Length; i += 128)
            {
                ReadOnlySpan<byte> chunk = data.Slice(i, 128);
                x = HashEight(x, Vector256.Create(chunk[..32]), Vector256.Create(chunk.Slice(32, 32)), Vector256.Create(chunk.Slice(64, 32)), Vector256.Create(chunk.Slice(96, 32)));
            }
        }
        for (; i + 64 <= data.Length; i += 64)
        {
            ReadOnlySpan<byte> chunk = data.Slice(i, 64);
            x = HashFour(x, Vector128.Create(chunk[..16]), Vector128.Create(chunk.Slice(16, 16)), Vector128.Create(chunk.Slice(32, 16)), Vector128.Create(chunk.Slice(48, 16)));
        }
        for (; i + 16 <= data.Length; i += 16)
        {
            x = GfMul(Sse2.Xor(x, Reverse(Vector128.Create(data.Slice(i, 16)))), _h1);
        }
        if (i < data.Length)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            data[i..].CopyTo(padded);
            x = GfMul(Sse2.Xor(x, Reverse(Vector128.Create((ReadOnlySpan<byte>)padded))), _h1);
        }
        return x;
    }

    private static readonly Vector128<byte> ReverseMask = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reverse(Vector128<byte> v) => Ssse3.Shuffle(v, ReverseMask);

    private static readonly Vector256<byte> ReverseMask256 = Vector256.Create(ReverseMask, ReverseMask);

    /// <summary>Reverses the bytes of each 128-bit half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Reverse(Vector256<byte> v) => Avx2.Shuffle(v, ReverseMask256);

    /// <summary><see cref="ClMul(Vector128{byte}, Vector128{byte})"/> of each 128-bit half independently (VPCLMULQDQ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<ulong> Lo, Vector256<ulong> Hi) ClMul(Vector256<byte> a, Vector256<byte> b)
    {
        Vector256<ulong> x = a.AsUInt64();
        Vector256<ulong> y = b.AsUInt64();
        Vector256<ulong> lo = Pclmulqdq.V256.CarrylessMultiply(x, y, 0x00);
        Vector256<ulong> mid = Avx2.Xor(Pclmulqdq.V256.CarrylessMultiply(x, y, 0x10), Pclmulqdq.V256.CarrylessMultiply(x, y, 0x01));
        Vector256<ulong> hi = Pclmulqdq.V256.CarrylessMultiply(x, y, 0x11);
        lo = Avx2.Xor(lo, Avx2.ShiftLeftLogical128BitLane(mid, 8));
        hi = Avx2.Xor(hi, Avx2.ShiftRightLogical128BitLane(mid, 8));
        return (lo, hi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> GfMul(Vector128<byte> a, Vector128<byte> b)
    {
        (Vector128<ulong> lo, Vector128<ulong> hi) = ClMul(a, b);
        return Reduce(lo, hi);
    }

    /// <summary>The 256-bit carry-less product hi:lo of two 128-bit values (schoolbook, four multiplications).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<ulong> Lo, Vector128<ulong> Hi) ClMul(Vector128<byte> a, Vector128<byte> b)
    {
        Vector128<ulong> x = a.AsUInt64();
        Vector128<ulong> y = b.AsUInt64();
        Vector128<ulong> lo = Pclmulqdq.CarrylessMultiply(x, y, 0x00);
        Vector128<ulong> mid = Sse2.Xor(Pclmulqdq.CarrylessMultiply(x, y, 0x10), Pclmulqdq.CarrylessMultiply(x, y, 0x01));
        Vector128<ulong> hi = Pclmulqdq.CarrylessMultiply(x, y, 0x11);
        lo = Sse2.Xor(lo, Sse2.ShiftLeftLogical128BitLane(mid, 8));
        hi = Sse2.Xor(hi, Sse2.ShiftRightLogical128BitLane(mid, 8));
        return (lo, hi);
    }

    /// <summary>
    /// Reduces a 256-bit product of bit-reflected operands modulo x^128 + x^7 + x^2 + x + 1 (the shift-by-one and
    /// reduction of Intel's "Carry-Less Multiplication and Its Usage for Computing the GCM Mode", algorithm 5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reduce(Vector128<ulong> loProduct, Vector128<ulong> hiProduct)
    {
        Vector128<uint> lo = loProduct.AsUInt32();
        Vector128<uint> hi = hiProduct.AsUInt32();
        // Shift the 256-bit value left by one bit (the operands are bit-reflected).
        Vector128<uint> t7 = Sse2.ShiftRightLogical(lo, 31);
        Vector128<uint> t8 = Sse2.ShiftRightLogical(hi, 31);
        lo = Sse2.ShiftLeftLogical(lo, 1);
        hi = Sse2.ShiftLeftLogical(hi, 1);
        Vector128<uint> t9 = Sse2.ShiftRightLogical128BitLane(t7, 12);
        t8 = Sse2.ShiftLeftLogical128BitLane(t8, 4);
        t7 = Sse2.ShiftLeftLogical128BitLane(t7, 4);
        lo = Sse2.Or(lo, t7);
        hi = Sse2.Or(Sse2.Or(hi, t8), t9);
        // First phase of the reduction.
        t7 = Sse2.ShiftLeftLogical(lo, 31);
        t8 = Sse2.ShiftLeftLogical(lo, 30);
        t9 = Sse2.ShiftLeftLogical(lo, 25);
        t7 = Sse2.Xor(Sse2.Xor(t7, t8), t9);
        t8 = Sse2.ShiftRightLogical128BitLane(t7, 4);
        t7 = Sse2.ShiftLeftLogical128BitLane(t7, 12);
        lo = Sse2.Xor(lo, t7);
        // Second phase.
        Vector128<uint> t2 = Sse2.ShiftRightLogical(lo, 1);
        Vector128<uint> t4 = Sse2.ShiftRightLogical(lo, 2);
        Vector128<uint> t5 = Sse2.ShiftRightLogical(lo, 7);
        t2 = Sse2.Xor(Sse2.Xor(t2, t4), Sse2.Xor(t5, t8));
        lo = Sse2.Xor(lo, t2);
        return Sse2.Xor(hi, lo).AsByte();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        Vector128<byte>[] rk = _roundKeys;
        block = Sse2.Xor(block, rk[0]);
        for (int r = 1; r < 10; r++)
        {
            block = X86Aes.Encrypt(block, rk[r]);
        }
        return X86Aes.EncryptLast(block, rk[10]);
    }

    private static void ExpandKey(Vector128<byte> key, Vector128<byte>[] rk)
    {
        rk[0] = key;
        rk[1] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x01));
        rk[2] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x02));
        rk[3] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x04));
        rk[4] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x08));
        rk[5] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x10));
        rk[6] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x20));
        rk[7] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x40));
        rk[8] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x80));
        rk[9] = key = ExpandStep(key, X86Aes.KeygenAssist(key, 0x1b));
        rk[10] = ExpandStep(key, X86Aes.KeygenAssist(key, 0x36));
    }

    private static Vector128<byte> ExpandStep(Vector128<byte> key, Vector128<byte> assist)
    {
        Vector128<byte> word = Sse2.Shuffle(assist.AsInt32(), 0xff).AsByte();
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        return Sse2.Xor(key, word);
    }
}
