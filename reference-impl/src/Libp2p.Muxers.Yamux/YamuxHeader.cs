using System.Buffers;
using System.Buffers.Binary;

namespace Libp2p.Muxers.Yamux;

/// <summary>
/// The 12-byte yamux frame header: version (0), type, flags, stream ID and length, big-endian
/// (libp2p/specs yamux/README.md, "Framing"). Sans-IO and allocation-free.
/// </summary>
/// <param name="Type">Frame type.</param>
/// <param name="Flags">Flags.</param>
/// <param name="StreamId">Stream ID (0 for session frames).</param>
/// <param name="Length">Payload length, window delta, ping opaque value or GoAway code, by type.</param>
public readonly record struct YamuxHeader(YamuxFrameType Type, YamuxFlags Flags, uint StreamId, uint Length)
{
    /// <summary>Size of an encoded header.</summary>
    public const int Size = 12;

    /// <summary>The only protocol version.</summary>
    public const byte Version = 0;

    /// <summary>Writes the header to the first 12 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        destination[0] = Version;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Length);
    }

    /// <summary>Writes the header to <paramref name="writer"/>.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        Write(writer.GetSpan(Size));
        writer.Advance(Size);
    }

    /// <summary>Reads a header from the start of <paramref name="source"/>, validating version and type.</summary>
    public static YamuxHeaderStatus TryRead(ReadOnlySpan<byte> source, out YamuxHeader header)
    {
        header = default;
        if (source.Length < Size)
        {
            return YamuxHeaderStatus.NeedMoreData;
        }
        if (source[0] != Version)
        {
            return YamuxHeaderStatus.UnsupportedVersion;
        }
        if (source[1] > (byte)YamuxFrameType.GoAway)
        {
            return YamuxHeaderStatus.UnknownType;
        }
        header = new YamuxHeader(
            (YamuxFrameType)source[1],
            (YamuxFlags)BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]));
        return YamuxHeaderStatus.Ok;
    }

    /// <summary>Reads a header from the start of a possibly segmented <paramref name="source"/>.</summary>
    public static YamuxHeaderStatus TryRead(in ReadOnlySequence<byte> source, out YamuxHeader header)
    {
        if (source.FirstSpan.Length >= Size)
        {
            return TryRead(source.FirstSpan, out header);
        }
        if (source.Length < Size)
        {
            header = default;
            return YamuxHeaderStatus.NeedMoreData;
        }
        Span<byte> scratch = stackalloc byte[Size];
        source.Slice(0, Size).CopyTo(scratch);
        return TryRead(scratch, out header);
    }
}
