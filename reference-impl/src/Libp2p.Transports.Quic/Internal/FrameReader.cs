namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Decodes the frames of one decrypted packet payload (RFC 9000 §12.4, §19). Any malformed or unknown frame throws
/// <see cref="QuicException"/> with FRAME_ENCODING_ERROR (or PROTOCOL_VIOLATION for a frame not allowed in the
/// packet type), never another exception.
/// </summary>
internal ref struct FrameReader(ReadOnlySpan<byte> payload, PacketType packetType)
{
    private SpanReader _reader = new(payload, QuicTransportError.FrameEncodingError);

    /// <summary>Reads the next frame; false at the end of the payload. Runs of PADDING are skipped.</summary>
    public bool TryRead(out Frame frame)
    {
        frame = default;
        while (_reader.HasData && _reader.Rest[0] == 0)
        {
            _reader.ReadByte();
        }
        if (!_reader.HasData)
        {
            return false;
        }
        long type = _reader.ReadVarint();
        if (type > 0x1e)
        {
            throw new QuicException(QuicTransportError.FrameEncodingError, $"unknown frame type 0x{type:x}");
        }
        frame.Type = type is >= 0x08 and <= 0x0f ? FrameType.Stream : (FrameType)type;
        CheckAllowed(frame.Type, type);
        switch (frame.Type)
        {
            case FrameType.Ping:
            case FrameType.HandshakeDone:
                break;
            case FrameType.Ack:
            case FrameType.AckEcn:
                frame.Data = ReadAck(frame.Type, out frame.Value, out frame.Value2, out frame.Offset, out frame.Count);
                break;
            case FrameType.ResetStream:
                frame.StreamId = ReadStreamId();
                frame.Value = _reader.ReadVarint();
                frame.Value2 = _reader.ReadVarint();
                break;
            case FrameType.StopSending:
                frame.StreamId = ReadStreamId();
                frame.Value = _reader.ReadVarint();
                break;
            case FrameType.Crypto:
                frame.Offset = _reader.ReadVarint();
                frame.Data = _reader.ReadBytes(_reader.ReadVarintLength(int.MaxValue));
                CheckEnd(frame.Offset, frame.Data.Length);
                break;
            case FrameType.NewToken:
                frame.Token = _reader.ReadBytes(_reader.ReadVarintLength(PacketParser.MaxTokenLength));
                if (frame.Token.IsEmpty)
                {
                    throw new QuicException(QuicTransportError.FrameEncodingError, "empty NEW_TOKEN");
                }
                break;
            case FrameType.Stream:
                frame.StreamId = ReadStreamId();
                frame.Offset = (type & 0x04) != 0 ? _reader.ReadVarint() : 0;
                int length = (type & 0x02) != 0 ? _reader.ReadVarintLength(int.MaxValue) : _reader.Remaining;
                frame.Data = _reader.ReadBytes(length);
                frame.Fin = (type & 0x01) != 0;
                CheckEnd(frame.Offset, frame.Data.Length);
                break;
            case FrameType.MaxData:
            case FrameType.DataBlocked:
            case FrameType.RetireConnectionId:
                frame.Value = _reader.ReadVarint();
                break;
            case FrameType.MaxStreamsBidi:
            case FrameType.MaxStreamsUni:
            case FrameType.StreamsBlockedBidi:
            case FrameType.StreamsBlockedUni:
                frame.Value = _reader.ReadVarint();
                if (frame.Value > 1L << 60)
                {
                    throw new QuicException(QuicTransportError.FrameEncodingError, "stream count above 2^60");
                }
                break;
            case FrameType.MaxStreamData:
            case FrameType.StreamDataBlocked:
                frame.StreamId = ReadStreamId();
                frame.Value = _reader.ReadVarint();
                break;
            case FrameType.NewConnectionId:
                frame.Value = _reader.ReadVarint();
                frame.Value2 = _reader.ReadVarint();
                int cidLength = _reader.ReadByte();
                if (cidLength is < 1 or > PacketParser.MaxConnectionIdLength || frame.Value2 > frame.Value)
                {
                    throw new QuicException(QuicTransportError.FrameEncodingError, "invalid NEW_CONNECTION_ID");
                }
                frame.Data = _reader.ReadBytes(cidLength);
                frame.Token = _reader.ReadBytes(16);
                break;
            case FrameType.PathChallenge:
            case FrameType.PathResponse:
                frame.Data = _reader.ReadBytes(8);
                break;
            case FrameType.ConnectionClose:
            case FrameType.ApplicationClose:
                frame.Value = _reader.ReadVarint();
                frame.Value2 = frame.Type == FrameType.ConnectionClose ? _reader.ReadVarint() : 0;
                frame.Data = _reader.ReadBytes(_reader.ReadVarintLength(int.MaxValue));
                break;
            default:
                throw new QuicException(QuicTransportError.FrameEncodingError, $"unknown frame type 0x{type:x}");
        }
        return true;
    }

    private long ReadStreamId() => _reader.ReadVarint();

    private static void CheckEnd(long offset, int length)
    {
        if (offset + length > QuicVarint.MaxValue)
        {
            throw new QuicException(QuicTransportError.FrameEncodingError, "data end beyond 2^62-1");
        }
    }

    private ReadOnlySpan<byte> ReadAck(FrameType type, out long largest, out long delay, out long firstRange, out int count)
    {
        largest = _reader.ReadVarint();
        delay = _reader.ReadVarint();
        long rangeCount = _reader.ReadVarint();
        firstRange = _reader.ReadVarint();
        if (firstRange > largest || rangeCount > _reader.Remaining / 2)
        {
            throw new QuicException(QuicTransportError.FrameEncodingError, "ACK ranges are inconsistent");
        }
        int start = _reader.Position;
        ReadOnlySpan<byte> rest = _reader.Rest;
        long smallest = largest - firstRange;
        for (long i = 0; i < rangeCount; i++)
        {
            long gap = _reader.ReadVarint();
            long len = _reader.ReadVarint();
            smallest -= gap + 2 + len;
            if (smallest < 0)
            {
                throw new QuicException(QuicTransportError.FrameEncodingError, "ACK range below packet number 0");
            }
        }
        count = (int)rangeCount;
        ReadOnlySpan<byte> ranges = rest[..(_reader.Position - start)];
        if (type == FrameType.AckEcn)
        {
            _reader.ReadVarint();
            _reader.ReadVarint();
            _reader.ReadVarint();
        }
        return ranges;
    }

    private readonly void CheckAllowed(FrameType type, long raw)
    {
        // RFC 9000 §12.4 Table 3: Initial and Handshake carry only PADDING, PING, ACK, CRYPTO and CONNECTION_CLOSE (0x1c).
        if (packetType is PacketType.Initial or PacketType.Handshake
            && type is not (FrameType.Padding or FrameType.Ping or FrameType.Ack or FrameType.AckEcn or FrameType.Crypto or FrameType.ConnectionClose))
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, $"frame 0x{raw:x} is not allowed in {packetType} packets");
        }
    }
}
