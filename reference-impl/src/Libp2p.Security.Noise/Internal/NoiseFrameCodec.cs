using System.Buffers;
using System.Buffers.Binary;

namespace Libp2p.Security.Noise.Internal;

/// <summary>
/// Sans-IO framing of libp2p/specs noise/README.md "Wire Format": a 16-bit big-endian length, then that many bytes.
/// </summary>
internal static class NoiseFrameCodec
{
    public const int HeaderLength = 2;

    /// <summary>Slices one complete frame body off <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        int length = BinaryPrimitives.ReadUInt16BigEndian(header);
        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }
        frame = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(HeaderLength + length);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, int length)
    {
        if ((uint)length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a Noise frame holds at most 65535 bytes");
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)length);
    }
}
