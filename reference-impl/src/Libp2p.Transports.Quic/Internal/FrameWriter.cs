namespace Libp2p.Transports.Quic.Internal;

/// <summary>Encoders for the frames of RFC 9000 §19. Callers size-check with the <c>*Length</c> helpers first.</summary>
internal static class FrameWriter
{
    public static void Ping(ref SpanWriter w) => w.WriteByte((byte)FrameType.Ping);

    public static void HandshakeDone(ref SpanWriter w) => w.WriteByte((byte)FrameType.HandshakeDone);

    /// <summary>
    /// ACK (RFC 9000 §19.3) from ranges sorted from largest to smallest, inclusive; writes as many ranges as fit
    /// in <paramref name="maxLength"/> bytes. Returns false when not even the first range fits.
    /// </summary>
    public static bool Ack(ref SpanWriter w, scoped ReadOnlySpan<(long Smallest, long Largest)> ranges, long ackDelay, int maxLength)
    {
        long largest = ranges[0].Largest;
        int fixedLength = 1 + QuicVarint.Length(largest) + QuicVarint.Length(ackDelay) + 1 + QuicVarint.Length(largest - ranges[0].Smallest);
        if (fixedLength > maxLength)
        {
            return false;
        }
        int budget = maxLength - fixedLength - 1;
        int count = 0;
        int used = 0;
        for (int i = 1; i < ranges.Length && count < 62; i++)
        {
            long gap = ranges[i - 1].Smallest - ranges[i].Largest - 2;
            long length = ranges[i].Largest - ranges[i].Smallest;
            int size = QuicVarint.Length(gap) + QuicVarint.Length(length);
            if (used + size > budget)
            {
                break;
            }
            used += size;
            count++;
        }
        w.WriteByte((byte)FrameType.Ack);
        w.WriteVarint(largest);
        w.WriteVarint(ackDelay);
        w.WriteVarint(count);
        w.WriteVarint(largest - ranges[0].Smallest);
        for (int i = 1; i <= count; i++)
        {
            w.WriteVarint(ranges[i - 1].Smallest - ranges[i].Largest - 2);
            w.WriteVarint(ranges[i].Largest - ranges[i].Smallest);
        }
        return true;
    }

    /// <summary>Bytes of a CRYPTO frame header for <paramref name="offset"/> and <paramref name="length"/>.</summary>
    public static int CryptoHeaderLength(long offset, int length) => 1 + QuicVarint.Length(offset) + QuicVarint.Length(length);

    public static void Crypto(ref SpanWriter w, long offset, ReadOnlySpan<byte> data)
    {
        w.WriteByte((byte)FrameType.Crypto);
        w.WriteVarint(offset);
        w.WriteVarint(data.Length);
        w.WriteBytes(data);
    }

    /// <summary>Bytes of a STREAM frame header with explicit offset and length.</summary>
    public static int StreamHeaderLength(long streamId, long offset, int length) =>
        1 + QuicVarint.Length(streamId) + (offset == 0 ? 0 : QuicVarint.Length(offset)) + QuicVarint.Length(length);

    public static void Stream(ref SpanWriter w, long streamId, long offset, ReadOnlySpan<byte> data, bool fin)
    {
        w.WriteByte((byte)(0x08 | (offset != 0 ? 0x04 : 0) | 0x02 | (fin ? 0x01 : 0)));
        w.WriteVarint(streamId);
        if (offset != 0)
        {
            w.WriteVarint(offset);
        }
        w.WriteVarint(data.Length);
        w.WriteBytes(data);
    }

    /// <summary>A frame of one type byte and one varint (MAX_DATA, MAX_STREAMS, DATA_BLOCKED, RETIRE_CONNECTION_ID, ...).</summary>
    public static void Single(ref SpanWriter w, FrameType type, long value)
    {
        w.WriteByte((byte)type);
        w.WriteVarint(value);
    }

    /// <summary>MAX_STREAM_DATA, STREAM_DATA_BLOCKED or STOP_SENDING: a stream ID and one value.</summary>
    public static void StreamValue(ref SpanWriter w, FrameType type, long streamId, long value)
    {
        w.WriteByte((byte)type);
        w.WriteVarint(streamId);
        w.WriteVarint(value);
    }

    public static void ResetStream(ref SpanWriter w, long streamId, long error, long finalSize)
    {
        w.WriteByte((byte)FrameType.ResetStream);
        w.WriteVarint(streamId);
        w.WriteVarint(error);
        w.WriteVarint(finalSize);
    }

    public static void NewConnectionId(ref SpanWriter w, long sequence, long retirePriorTo, ReadOnlySpan<byte> cid, ReadOnlySpan<byte> resetToken)
    {
        w.WriteByte((byte)FrameType.NewConnectionId);
        w.WriteVarint(sequence);
        w.WriteVarint(retirePriorTo);
        w.WriteByte((byte)cid.Length);
        w.WriteBytes(cid);
        w.WriteBytes(resetToken[..16]);
    }

    public static void PathResponse(ref SpanWriter w, ReadOnlySpan<byte> data)
    {
        w.WriteByte((byte)FrameType.PathResponse);
        w.WriteBytes(data[..8]);
    }

    /// <summary>CONNECTION_CLOSE: 0x1c (transport) or 0x1d (application), reason truncated to 64 bytes.</summary>
    public static void ConnectionClose(ref SpanWriter w, bool application, long error, long frameType, ReadOnlySpan<byte> reason)
    {
        reason = reason[..Math.Min(reason.Length, 64)];
        w.WriteByte((byte)(application ? FrameType.ApplicationClose : FrameType.ConnectionClose));
        w.WriteVarint(error);
        if (!application)
        {
            w.WriteVarint(frameType);
        }
        w.WriteVarint(reason.Length);
        w.WriteBytes(reason);
    }
}
