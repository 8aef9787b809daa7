using System.Buffers.Binary;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>QUIC variable-length integers (RFC 9000 §16): 1, 2, 4 or 8 bytes, values up to 2^62-1.</summary>
internal static class QuicVarint
{
    public const long MaxValue = (1L << 62) - 1;

    /// <summary>Bytes needed to encode <paramref name="value"/>.</summary>
    public static int Length(long value) => value switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(value)),
        <= 63 => 1,
        <= 16383 => 2,
        <= 1073741823 => 4,
        <= MaxValue => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>Decodes one varint; returns bytes consumed, or 0 when <paramref name="source"/> is too short.</summary>
    public static int TryRead(ReadOnlySpan<byte> source, out long value)
    {
        value = 0;
        if (source.IsEmpty)
        {
            return 0;
        }
        int length = 1 << (source[0] >> 6);
        if (source.Length < length)
        {
            return 0;
        }
        value = length switch
        {
            1 => source[0] & 0x3f,
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3fff,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3fffffff,
            _ => (long)(BinaryPrimitives.ReadUInt64BigEndian(source) & 0x3fffffffffffffff),
        };
        return length;
    }

    /// <summary>Encodes <paramref name="value"/> in its shortest form; returns bytes written.</summary>
    public static int Write(Span<byte> destination, long value) => Write(destination, value, Length(value));

    /// <summary>Encodes <paramref name="value"/> in exactly <paramref name="length"/> bytes (1, 2, 4 or 8).</summary>
    public static int Write(Span<byte> destination, long value, int length)
    {
        if (value < 0 || Length(value) > length)
        {
            throw new ArgumentOutOfRangeException(nameof(value));
        }
        switch (length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(0x4000 | value));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, 0x80000000u | (uint)value);
                break;
            case 8:
                BinaryPrimitives.WriteUInt64BigEndian(destination, 0xc000000000000000ul | (ulong)value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(length));
        }
        return length;
    }
}
