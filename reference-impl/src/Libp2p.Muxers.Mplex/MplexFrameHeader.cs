using System.Buffers;
using Libp2p.Core.Multiformats;

namespace Libp2p.Muxers.Mplex;

/// <summary>
/// The mplex message header: uvarint <c>id &lt;&lt; 3 | flag</c>, then uvarint body length
/// (libp2p/specs mplex/README.md, "Message format"). Sans-IO and allocation-free.
/// </summary>
/// <param name="StreamId">Stream ID, scoped by which side opened the stream.</param>
/// <param name="Flag">Message flag.</param>
/// <param name="Length">Body length in bytes.</param>
public readonly record struct MplexFrameHeader(ulong StreamId, MplexFlag Flag, int Length)
{
    /// <summary>The spec's message size limit: 1 MiB.</summary>
    public const int MaxMessageSize = 1024 * 1024;

    /// <summary>Largest encoded header: two 9-byte varints.</summary>
    public const int MaxSize = 2 * Varint.MaxLength;

    /// <summary>Largest stream ID whose header still fits a 63-bit varint.</summary>
    public const ulong MaxStreamId = Varint.MaxValue >> 3;

    /// <summary>Writes the header to <paramref name="destination"/>; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StreamId, MaxStreamId);
        int n = Varint.Write(destination, (StreamId << 3) | (byte)Flag);
        return n + Varint.Write(destination[n..], (ulong)Length);
    }

    /// <summary>Writes the header to <paramref name="writer"/>.</summary>
    public void Write(IBufferWriter<byte> writer) => writer.Advance(Write(writer.GetSpan(MaxSize)));

    /// <summary>Encoded size of this header.</summary>
    public int EncodedLength => Varint.GetLength((StreamId << 3) | (byte)Flag) + Varint.GetLength((ulong)Length);

    /// <summary>
    /// Reads a header from the start of <paramref name="source"/>; <paramref name="consumed"/> is its encoded size.
    /// A length above <paramref name="maxLength"/> is reported before any body byte is needed.
    /// </summary>
    public static MplexReadStatus TryRead(in ReadOnlySequence<byte> source, int maxLength, out MplexFrameHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        VarintStatus status = Varint.TryRead(source, out ulong head, out int headLength);
        if (status != VarintStatus.Ok)
        {
            return status == VarintStatus.NeedMoreData ? MplexReadStatus.NeedMoreData : MplexReadStatus.InvalidVarint;
        }
        status = Varint.TryRead(source.Slice(headLength), out ulong length, out int lengthLength);
        if (status != VarintStatus.Ok)
        {
            return status == VarintStatus.NeedMoreData ? MplexReadStatus.NeedMoreData : MplexReadStatus.InvalidVarint;
        }
        byte flag = (byte)(head & 7);
        if (flag == 7)
        {
            return MplexReadStatus.UnknownFlag;
        }
        if (length > (ulong)maxLength)
        {
            return MplexReadStatus.TooLarge;
        }
        header = new MplexFrameHeader(head >> 3, (MplexFlag)flag, (int)length);
        consumed = headLength + lengthLength;
        return MplexReadStatus.Ok;
    }
}
