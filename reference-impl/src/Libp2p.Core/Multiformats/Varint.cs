using System.Buffers;

namespace Libp2p.Core.Multiformats;

/// <summary>Outcome of decoding an unsigned varint.</summary>
public enum VarintStatus
{
    /// <summary>A complete, minimal varint was read.</summary>
    Ok,
    /// <summary>The input ended before the varint did; read more bytes and try again.</summary>
    NeedMoreData,
    /// <summary>More than 9 bytes, or a value above 2^63 - 1 (multiformats/unsigned-varint "Spec").</summary>
    Overflow,
    /// <summary>A trailing zero byte made the encoding longer than needed ("minimal encoding" rule).</summary>
    NotMinimal,
}

/// <summary>
/// Unsigned varint per multiformats/unsigned-varint: LEB128, at most 9 bytes (63 bits), minimal encoding only.
/// Sans-IO and allocation-free.
/// </summary>
public static class Varint
{
    /// <summary>The spec's practical maximum length in bytes.</summary>
    public const int MaxLength = 9;

    /// <summary>Largest value a 9-byte varint can carry.</summary>
    public const ulong MaxValue = (1UL << 63) - 1;

    /// <summary>Number of bytes <paramref name="value"/> takes when encoded.</summary>
    public static int GetLength(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value exceeds <see cref="MaxValue"/>.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Write(Span<byte> destination, ulong value)
    {
        if (value > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "unsigned varints carry at most 63 bits");
        }
        int length = GetLength(value);
        if (destination.Length < length)
        {
            throw new ArgumentException($"varint needs {length} bytes, destination has {destination.Length}", nameof(destination));
        }
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        Span<byte> span = writer.GetSpan(MaxLength);
        writer.Advance(Write(span, value));
    }

    /// <summary>Decodes a varint from the start of <paramref name="source"/>.</summary>
    public static VarintStatus TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        consumed = 0;
        int shift = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (i >= MaxLength)
            {
                return VarintStatus.Overflow;
            }
            byte b = source[i];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    value = 0;
                    return VarintStatus.NotMinimal;
                }
                consumed = i + 1;
                return VarintStatus.Ok;
            }
            shift += 7;
        }
        value = 0;
        return source.Length >= MaxLength ? VarintStatus.Overflow : VarintStatus.NeedMoreData;
    }

    /// <summary>Decodes a varint from the start of a possibly segmented <paramref name="source"/>.</summary>
    public static VarintStatus TryRead(in ReadOnlySequence<byte> source, out ulong value, out int consumed)
    {
        if (source.IsSingleSegment || source.FirstSpan.Length >= MaxLength)
        {
            return TryRead(source.FirstSpan, out value, out consumed);
        }
        Span<byte> scratch = stackalloc byte[MaxLength];
        int available = (int)Math.Min(source.Length, MaxLength);
        source.Slice(0, available).CopyTo(scratch);
        return TryRead(scratch[..available], out value, out consumed);
    }

    /// <summary>Decodes a varint or throws a <see cref="FormatException"/> naming the problem.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, out int consumed)
    {
        VarintStatus status = TryRead(source, out ulong value, out consumed);
        return status switch
        {
            VarintStatus.Ok => value,
            VarintStatus.NeedMoreData => throw new FormatException("truncated varint"),
            VarintStatus.Overflow => throw new FormatException("varint longer than 9 bytes"),
            _ => throw new FormatException("varint is not minimally encoded"),
        };
    }
}
