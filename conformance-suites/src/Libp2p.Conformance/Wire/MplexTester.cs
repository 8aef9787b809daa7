using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Multiformats;
using Libp2p.Multistream;
using Libp2p.Muxers.Mplex;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// The tester's hand-written mplex client on a secured channel (libp2p/specs mplex/README.md). Streams it opens use
/// IDs the target is unlikely to open itself, so any Initiator-flagged message for them is the target's mistake.
/// </summary>
public sealed class MplexTester(IDuplexPipe pipe)
{
    private readonly Dictionary<ulong, (ArrayBufferWriter<byte> Data, int Offset, bool Closed, bool Reset)> _ours = [];
    private readonly HashSet<ulong> _theirs = [];

    /// <summary>Largest message the tester accepts (1 MiB, as go-mplex and rust-libp2p).</summary>
    public int MaxMessage { get; init; } = MplexFrameHeader.MaxMessageSize;

    /// <summary>Sends one message.</summary>
    public async Task SendAsync(ulong streamId, MplexFlag flag, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var writer = new ArrayBufferWriter<byte>();
        new MplexFrameHeader(streamId, flag, body.Length).Write(writer);
        writer.Write(body.Span);
        await pipe.Output.WriteAsync(writer.WrittenMemory, ct).ConfigureAwait(false);
    }

    /// <summary>Sends raw bytes.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) =>
        await pipe.Output.WriteAsync(bytes, ct).ConfigureAwait(false);

    /// <summary>Reads and records one message; throws when the connection closes.</summary>
    public async Task PumpAsync(CancellationToken ct)
    {
        var message = await WireReader.ReadMplexAsync(pipe.Input, MaxMessage, ct).ConfigureAwait(false)
            ?? throw new WireViolationException("the target closed the connection");
        (MplexFrameHeader header, byte[] body) = message;
        if (header.Flag == MplexFlag.NewStream)
        {
            _theirs.Add(header.StreamId);
            return;
        }
        bool initiatorFlag = header.Flag is MplexFlag.MessageInitiator or MplexFlag.CloseInitiator or MplexFlag.ResetInitiator;
        if (initiatorFlag)
        {
            if (_ours.ContainsKey(header.StreamId) && !_theirs.Contains(header.StreamId))
            {
                throw new WireViolationException(
                    $"the target sent {header.Flag} ({(byte)header.Flag}) on stream {header.StreamId}, which the tester opened: the receiver of a stream uses the Receiver variants");
            }
            return;
        }
        if (!_ours.TryGetValue(header.StreamId, out var state))
        {
            return;
        }
        if (header.Flag == MplexFlag.MessageReceiver)
        {
            if (state.Closed)
            {
                throw new WireViolationException($"the target sent {body.Length} bytes on stream {header.StreamId} after closing it");
            }
            state.Data.Write(body);
        }
        else if (header.Flag == MplexFlag.CloseReceiver)
        {
            if (body.Length != 0)
            {
                throw new WireViolationException($"CloseReceiver on stream {header.StreamId} carried {body.Length} bytes; it must be empty");
            }
            state.Closed = true;
        }
        else if (header.Flag == MplexFlag.ResetReceiver)
        {
            state.Reset = true;
        }
        _ours[header.StreamId] = state;
    }

    /// <summary>Opens <paramref name="streamId"/> named <paramref name="name"/> and negotiates <paramref name="protocol"/>, sending <paramref name="data"/> optimistically.</summary>
    public async Task OpenAsync(ulong streamId, string name, string protocol, WireCheckContext context, CancellationToken ct, ReadOnlyMemory<byte> data = default)
    {
        _ours[streamId] = (new ArrayBufferWriter<byte>(), 0, false, false);
        await SendAsync(streamId, MplexFlag.NewStream, System.Text.Encoding.UTF8.GetBytes(name), ct).ConfigureAwait(false);
        var writer = new ArrayBufferWriter<byte>();
        writer.Write(WireReader.Multistream(MultistreamCodec.ProtocolId));
        writer.Write(WireReader.Multistream(protocol));
        writer.Write(data.Span);
        await SendAsync(streamId, MplexFlag.MessageInitiator, writer.WrittenMemory, ct).ConfigureAwait(false);
        byte[] header = WireReader.Multistream(MultistreamCodec.ProtocolId);
        byte[] got = await ReadAsync(streamId, header.Length, ct).ConfigureAwait(false);
        if (!got.AsSpan().SequenceEqual(header))
        {
            throw new WireViolationException($"stream {streamId}: expected the multistream header, observed {WireViolationException.Hex(got)}");
        }
        byte[] na = WireReader.Multistream(MultistreamCodec.NotAvailable);
        byte[] echo = WireReader.Multistream(protocol);
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

    /// <summary>Pumps until <paramref name="count"/> unread bytes are there on <paramref name="streamId"/>, then takes them.</summary>
    public async Task<byte[]> ReadAsync(ulong streamId, int count, CancellationToken ct)
    {
        while (Unread(streamId) < count)
        {
            var state = _ours[streamId];
            if (state.Closed || state.Reset)
            {
                throw new WireViolationException($"stream {streamId} ended ({(state.Reset ? "reset" : "closed")}) after {Unread(streamId)} of {count} expected bytes");
            }
            await PumpAsync(ct).ConfigureAwait(false);
        }
        return Take(streamId, count);
    }

    /// <summary>Pumps until the target closes <paramref name="streamId"/>; returns the unread bytes.</summary>
    public async Task<byte[]> ReadToEndAsync(ulong streamId, CancellationToken ct)
    {
        while (!_ours[streamId].Closed)
        {
            if (_ours[streamId].Reset)
            {
                throw new WireViolationException($"the target reset stream {streamId} instead of closing it");
            }
            await PumpAsync(ct).ConfigureAwait(false);
        }
        return Take(streamId, Unread(streamId));
    }

    private int Unread(ulong streamId) => _ours[streamId].Data.WrittenCount - _ours[streamId].Offset;

    private byte[] Take(ulong streamId, int count)
    {
        var state = _ours[streamId];
        byte[] taken = state.Data.WrittenSpan.Slice(state.Offset, count).ToArray();
        state.Offset += count;
        _ours[streamId] = state;
        return taken;
    }

    /// <summary>Encodes a header varint of <paramref name="value"/>.</summary>
    public static byte[] VarintBytes(ulong value)
    {
        byte[] bytes = new byte[Varint.GetLength(value)];
        Varint.Write(bytes, value);
        return bytes;
    }
}
