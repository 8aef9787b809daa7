using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Multistream;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// The tester's hand-written yamux client on a secured channel (libp2p/specs yamux/README.md): writes frames as
/// given, reads the target's frames and keeps per-stream state, and fails as soon as the target breaks a stream
/// rule it can see: data beyond the receive window the tester granted, data after FIN.
/// </summary>
public sealed class YamuxTester(IDuplexPipe pipe)
{
    /// <summary>The initial per-stream window (YAMUX-FLOW-001).</summary>
    public const int InitialWindow = 256 * 1024;

    private readonly Dictionary<uint, StreamState> _streams = [];
    private readonly HashSet<uint> _outstandingPings = [];

    /// <summary>Ping ACK opaque values received, in order.</summary>
    public List<uint> PingAcks { get; } = [];

    /// <summary>Every Ping frame received (SYN or ACK).</summary>
    public List<YamuxHeader> Pings { get; } = [];

    /// <summary>Go Away codes received.</summary>
    public List<uint> GoAways { get; } = [];

    /// <summary>State of a stream as seen by the tester.</summary>
    public StreamState Stream(uint id)
    {
        if (!_streams.TryGetValue(id, out StreamState? state))
        {
            state = new StreamState();
            _streams[id] = state;
        }
        return state;
    }

    /// <summary>Sends one frame; <paramref name="body"/> only for Data frames.</summary>
    public async Task SendAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, CancellationToken ct, ReadOnlyMemory<byte> body = default)
    {
        byte[] header = new byte[YamuxHeader.Size];
        new YamuxHeader(type, flags, streamId, length).Write(header);
        if (type == YamuxFrameType.Ping && (flags & YamuxFlags.Syn) != 0)
        {
            _outstandingPings.Add(length);
        }
        pipe.Output.Write(header);
        pipe.Output.Write(body.Span);
        await pipe.Output.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sends a Data frame carrying <paramref name="data"/>.</summary>
    public Task SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, YamuxFlags flags, CancellationToken ct) =>
        SendAsync(YamuxFrameType.Data, flags, streamId, (uint)data.Length, ct, data);

    /// <summary>Grants the target <paramref name="delta"/> more bytes on <paramref name="streamId"/>.</summary>
    public Task GrantAsync(uint streamId, uint delta, CancellationToken ct)
    {
        Stream(streamId).Window += delta;
        return SendAsync(YamuxFrameType.WindowUpdate, YamuxFlags.None, streamId, delta, ct);
    }

    /// <summary>Reads and records one frame; throws when the connection closes.</summary>
    public async Task<YamuxHeader> PumpAsync(CancellationToken ct)
    {
        var frame = await WireReader.ReadYamuxAsync(pipe.Input, ct).ConfigureAwait(false)
            ?? throw new WireViolationException("the target closed the connection");
        YamuxHeader header = frame.Header;
        switch (header.Type)
        {
            case YamuxFrameType.Ping:
                Pings.Add(header);
                if ((header.Flags & YamuxFlags.Ack) != 0)
                {
                    if (!_outstandingPings.Remove(header.Length))
                    {
                        throw new WireViolationException(
                            $"the target sent a Ping ACK with opaque 0x{header.Length:x8}, but no Ping with that value is outstanding (sent: {string.Join(", ", _outstandingPings.Select(p => $"0x{p:x8}"))})");
                    }
                    PingAcks.Add(header.Length);
                }
                break;
            case YamuxFrameType.GoAway:
                GoAways.Add(header.Length);
                break;
            default:
                Record(header, frame.Body);
                break;
        }
        return header;
    }

    private void Record(YamuxHeader header, byte[] body)
    {
        if (header.StreamId == 0)
        {
            throw new WireViolationException($"the target sent a {header.Type} frame on stream 0, which is reserved for the session");
        }
        StreamState state = Stream(header.StreamId);
        state.FirstFlags ??= header.Flags;
        if (body.Length > 0)
        {
            if (state.Fin)
            {
                throw new WireViolationException($"the target sent {body.Length} bytes on stream {header.StreamId} after its FIN");
            }
            state.Received += body.Length;
            if (state.Received > state.Window)
            {
                throw new WireViolationException(
                    $"the target sent {state.Received} bytes on stream {header.StreamId}, beyond the {state.Window}-byte window the tester granted (frame of {body.Length} bytes)");
            }
            state.Data.Write(body);
        }
        state.Fin |= (header.Flags & YamuxFlags.Fin) != 0;
        state.Rst |= (header.Flags & YamuxFlags.Rst) != 0;
    }

    /// <summary>Sends a Ping with <paramref name="opaque"/> and pumps until its ACK arrives.</summary>
    public async Task PingAsync(uint opaque, CancellationToken ct)
    {
        await SendAsync(YamuxFrameType.Ping, YamuxFlags.Syn, 0, opaque, ct).ConfigureAwait(false);
        while (!PingAcks.Contains(opaque))
        {
            await PumpAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Pumps until <paramref name="streamId"/> has <paramref name="count"/> unread bytes, then takes them.</summary>
    public async Task<byte[]> ReadAsync(uint streamId, int count, CancellationToken ct)
    {
        StreamState state = Stream(streamId);
        while (state.Unread < count)
        {
            if (state.Fin || state.Rst)
            {
                throw new WireViolationException(
                    $"stream {streamId} ended ({(state.Rst ? "RST" : "FIN")}) after {state.Unread} of {count} expected bytes; observed {WireViolationException.Hex(state.Peek())}");
            }
            await PumpAsync(ct).ConfigureAwait(false);
        }
        return state.Take(count);
    }

    /// <summary>Pumps until the target's FIN (or RST) on <paramref name="streamId"/>; returns the unread bytes.</summary>
    public async Task<byte[]> ReadToEndAsync(uint streamId, CancellationToken ct)
    {
        StreamState state = Stream(streamId);
        while (!state.Fin && !state.Rst)
        {
            await PumpAsync(ct).ConfigureAwait(false);
        }
        if (state.Rst)
        {
            throw new WireViolationException($"the target reset stream {streamId} instead of closing it");
        }
        return state.Take(state.Unread);
    }

    /// <summary>
    /// Opens <paramref name="streamId"/> with SYN and sends the multistream header and <paramref name="protocol"/>
    /// (plus <paramref name="data"/>, optimistically), then reads the target's header and echo. A refusal becomes
    /// <see cref="WireCheckContext.Refused"/>'s verdict.
    /// </summary>
    public async Task OpenAsync(uint streamId, string protocol, WireCheckContext context, CancellationToken ct, ReadOnlyMemory<byte> data = default)
    {
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(WireReader.Multistream(MultistreamCodec.ProtocolId));
        writer.Write(WireReader.Multistream(protocol));
        writer.Write(data.Span);
        await SendDataAsync(streamId, writer.WrittenMemory, YamuxFlags.Syn, ct).ConfigureAwait(false);
        byte[] header = WireReader.Multistream(MultistreamCodec.ProtocolId);
        byte[] got = await ReadAsync(streamId, header.Length, ct).ConfigureAwait(false);
        if (!got.AsSpan().SequenceEqual(header))
        {
            throw new WireViolationException($"stream {streamId}: expected the multistream header, observed {WireViolationException.Hex(got)}");
        }
        byte[] echo = WireReader.Multistream(protocol);
        byte[] na = WireReader.Multistream(MultistreamCodec.NotAvailable);
        byte[] first = await ReadAsync(streamId, na.Length, ct).ConfigureAwait(false);
        if (first.AsSpan().SequenceEqual(na))
        {
            throw context.Refused(protocol);
        }
        byte[] rest = await ReadAsync(streamId, echo.Length - na.Length, ct).ConfigureAwait(false);
        if (!first.Concat(rest).SequenceEqual(echo))
        {
            throw new WireViolationException($"stream {streamId}: expected the echo of {protocol}, observed {WireViolationException.Hex([.. first, .. rest])}");
        }
    }

    /// <summary>What the tester saw on one stream.</summary>
    public sealed class StreamState
    {
        private int _readOffset;

        /// <summary>Bytes received, in order.</summary>
        public ArrayBufferWriter<byte> Data { get; } = new();

        /// <summary>Payload bytes received so far.</summary>
        public long Received { get; set; }

        /// <summary>Bytes the tester allows the target to send (initial window plus grants).</summary>
        public long Window { get; set; } = InitialWindow;

        /// <summary>Flags of the first frame the target sent on the stream.</summary>
        public YamuxFlags? FirstFlags { get; set; }

        /// <summary>Whether the target sent FIN.</summary>
        public bool Fin { get; set; }

        /// <summary>Whether the target sent RST.</summary>
        public bool Rst { get; set; }

        /// <summary>Bytes received and not yet taken.</summary>
        public int Unread => Data.WrittenCount - _readOffset;

        /// <summary>The unread bytes, without taking them.</summary>
        public byte[] Peek() => Data.WrittenSpan[_readOffset..].ToArray();

        /// <summary>Takes <paramref name="count"/> unread bytes.</summary>
        public byte[] Take(int count)
        {
            byte[] taken = Data.WrittenSpan.Slice(_readOffset, count).ToArray();
            _readOffset += count;
            return taken;
        }
    }
}
