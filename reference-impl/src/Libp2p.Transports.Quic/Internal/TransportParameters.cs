namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// QUIC transport parameters (RFC 9000 §18), carried in the TLS <c>quic_transport_parameters</c> extension (0x39).
/// Decoding validates values and limits and throws <see cref="QuicException"/> with TRANSPORT_PARAMETER_ERROR.
/// </summary>
internal sealed class TransportParameters
{
    public const int MaxEncodedLength = 4096;

    public byte[]? OriginalDestinationConnectionId { get; set; }
    public long MaxIdleTimeoutMs { get; set; }
    public byte[]? StatelessResetToken { get; set; }
    public long MaxUdpPayloadSize { get; set; } = 65527;
    public long InitialMaxData { get; set; }
    public long InitialMaxStreamDataBidiLocal { get; set; }
    public long InitialMaxStreamDataBidiRemote { get; set; }
    public long InitialMaxStreamDataUni { get; set; }
    public long InitialMaxStreamsBidi { get; set; }
    public long InitialMaxStreamsUni { get; set; }
    public long AckDelayExponent { get; set; } = 3;
    public long MaxAckDelayMs { get; set; } = 25;
    public bool DisableActiveMigration { get; set; }
    public long ActiveConnectionIdLimit { get; set; } = 2;
    public byte[]? InitialSourceConnectionId { get; set; }
    public byte[]? RetrySourceConnectionId { get; set; }

    public byte[] Encode()
    {
        var buffer = new byte[MaxEncodedLength];
        var w = new SpanWriter(buffer);
        Bytes(ref w, 0x00, OriginalDestinationConnectionId);
        Int(ref w, 0x01, MaxIdleTimeoutMs, 0);
        Bytes(ref w, 0x02, StatelessResetToken);
        Int(ref w, 0x03, MaxUdpPayloadSize, 65527);
        Int(ref w, 0x04, InitialMaxData, 0);
        Int(ref w, 0x05, InitialMaxStreamDataBidiLocal, 0);
        Int(ref w, 0x06, InitialMaxStreamDataBidiRemote, 0);
        Int(ref w, 0x07, InitialMaxStreamDataUni, 0);
        Int(ref w, 0x08, InitialMaxStreamsBidi, 0);
        Int(ref w, 0x09, InitialMaxStreamsUni, 0);
        Int(ref w, 0x0a, AckDelayExponent, 3);
        Int(ref w, 0x0b, MaxAckDelayMs, 25);
        if (DisableActiveMigration)
        {
            w.WriteVarint(0x0c);
            w.WriteVarint(0);
        }
        Int(ref w, 0x0e, ActiveConnectionIdLimit, 2);
        Bytes(ref w, 0x0f, InitialSourceConnectionId);
        Bytes(ref w, 0x10, RetrySourceConnectionId);
        return w.Written.ToArray();
    }

    /// <summary>Decodes the peer's parameters; <paramref name="fromServer"/> allows the server-only ones (RFC 9000 §18.2).</summary>
    public static TransportParameters Decode(ReadOnlySpan<byte> encoded, bool fromServer)
    {
        if (encoded.Length > MaxEncodedLength)
        {
            throw Error($"{encoded.Length} bytes of transport parameters exceed {MaxEncodedLength}");
        }
        var p = new TransportParameters();
        var seen = new HashSet<long>();
        var r = new SpanReader(encoded, QuicTransportError.TransportParameterError);
        while (r.HasData)
        {
            long id = r.ReadVarint();
            ReadOnlySpan<byte> value = r.ReadBytes(r.ReadVarintLength(MaxEncodedLength));
            if (id <= 0x10 && !seen.Add(id))
            {
                throw Error($"transport parameter 0x{id:x} appears twice");
            }
            if (!fromServer && id is 0x00 or 0x02 or 0x0d or 0x10)
            {
                throw Error($"a client sent the server-only transport parameter 0x{id:x}");
            }
            switch (id)
            {
                case 0x00: p.OriginalDestinationConnectionId = ConnectionId(value); break;
                case 0x01: p.MaxIdleTimeoutMs = Varint(value); break;
                case 0x02:
                    if (value.Length != 16)
                    {
                        throw Error("stateless_reset_token is not 16 bytes");
                    }
                    p.StatelessResetToken = value.ToArray();
                    break;
                case 0x03: p.MaxUdpPayloadSize = Varint(value); break;
                case 0x04: p.InitialMaxData = Varint(value); break;
                case 0x05: p.InitialMaxStreamDataBidiLocal = Varint(value); break;
                case 0x06: p.InitialMaxStreamDataBidiRemote = Varint(value); break;
                case 0x07: p.InitialMaxStreamDataUni = Varint(value); break;
                case 0x08: p.InitialMaxStreamsBidi = Varint(value); break;
                case 0x09: p.InitialMaxStreamsUni = Varint(value); break;
                case 0x0a: p.AckDelayExponent = Varint(value); break;
                case 0x0b: p.MaxAckDelayMs = Varint(value); break;
                case 0x0c:
                    if (!value.IsEmpty)
                    {
                        throw Error("disable_active_migration has a value");
                    }
                    p.DisableActiveMigration = true;
                    break;
                case 0x0e: p.ActiveConnectionIdLimit = Varint(value); break;
                case 0x0f: p.InitialSourceConnectionId = ConnectionId(value); break;
                case 0x10: p.RetrySourceConnectionId = ConnectionId(value); break;
                default: break; // unknown and preferred_address (0x0d): ignored (RFC 9000 §18.1)
            }
        }
        if (p.MaxUdpPayloadSize < 1200 || p.AckDelayExponent > 20 || p.MaxAckDelayMs >= 1 << 14 || p.ActiveConnectionIdLimit < 2
            || p.InitialMaxStreamsBidi > 1L << 60 || p.InitialMaxStreamsUni > 1L << 60)
        {
            throw Error("a transport parameter is out of range");
        }
        if (p.InitialSourceConnectionId is null)
        {
            throw Error("initial_source_connection_id is missing");
        }
        return p;
    }

    private static QuicException Error(string message) => new(QuicTransportError.TransportParameterError, message);

    private static long Varint(ReadOnlySpan<byte> value)
    {
        int n = QuicVarint.TryRead(value, out long v);
        if (n == 0 || n != value.Length)
        {
            throw Error("transport parameter is not one varint");
        }
        return v;
    }

    private static byte[] ConnectionId(ReadOnlySpan<byte> value)
    {
        if (value.Length > PacketParser.MaxConnectionIdLength)
        {
            throw Error("connection ID longer than 20 bytes");
        }
        return value.ToArray();
    }

    private static void Int(ref SpanWriter w, long id, long value, long defaultValue)
    {
        if (value == defaultValue)
        {
            return;
        }
        w.WriteVarint(id);
        w.WriteVarint(QuicVarint.Length(value));
        w.WriteVarint(value);
    }

    private static void Bytes(ref SpanWriter w, long id, byte[]? value)
    {
        if (value is null)
        {
            return;
        }
        w.WriteVarint(id);
        w.WriteVarint(value.Length);
        w.WriteBytes(value);
    }
}
