using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Muxers.Mplex;
using Libp2p.Muxers.Yamux;

namespace Muxer.Conformance.Tests.Wire;

/// <summary>
/// The tester's end of a connection: writes raw bytes, hostile or not, and parses what the implementation under
/// test sends back. Our codecs are only used to read the implementation's frames.
/// </summary>
public sealed class RawPeer(IDuplexPipe pipe)
{
    /// <summary>Writes raw bytes and flushes.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        await pipe.Output.WriteAsync(bytes, cancellationToken);

    /// <summary>Encodes and sends a yamux header (and optional body).</summary>
    public Task SendYamuxAsync(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, CancellationToken cancellationToken, byte[]? body = null)
    {
        byte[] frame = new byte[YamuxHeader.Size + (body?.Length ?? 0)];
        new YamuxHeader(type, flags, streamId, length).Write(frame);
        body?.CopyTo(frame, YamuxHeader.Size);
        return SendAsync(frame, cancellationToken);
    }

    /// <summary>Encodes and sends an mplex message.</summary>
    public Task SendMplexAsync(ulong streamId, MplexFlag flag, byte[] body, CancellationToken cancellationToken)
    {
        ArrayBufferWriter<byte> writer = new();
        new MplexFrameHeader(streamId, flag, body.Length).Write(writer);
        writer.Write(body);
        return SendAsync(writer.WrittenMemory, cancellationToken);
    }

    /// <summary>Half-closes the tester's direction.</summary>
    public ValueTask CloseAsync() => pipe.Output.CompleteAsync();

    /// <summary>Reads the next yamux frame; null when the implementation closed the connection.</summary>
    public async Task<(YamuxHeader Header, byte[] Body)?> ReadYamuxAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await pipe.Input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (YamuxHeader.TryRead(buffer, out YamuxHeader header) == YamuxHeaderStatus.Ok)
            {
                long bodyLength = header.Type == YamuxFrameType.Data ? header.Length : 0;
                if (buffer.Length >= YamuxHeader.Size + bodyLength)
                {
                    byte[] body = buffer.Slice(YamuxHeader.Size, bodyLength).ToArray();
                    pipe.Input.AdvanceTo(buffer.GetPosition(YamuxHeader.Size + bodyLength));
                    return (header, body);
                }
            }
            else if (buffer.Length >= YamuxHeader.Size)
            {
                throw new InvalidDataException("the implementation sent an invalid yamux header");
            }
            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new InvalidDataException("the implementation closed mid-frame");
            }
        }
    }

    /// <summary>Reads the next mplex message; null when the implementation closed the connection.</summary>
    public async Task<(MplexFrameHeader Header, byte[] Body)?> ReadMplexAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await pipe.Input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            MplexReadStatus status = MplexFrameHeader.TryRead(buffer, MplexFrameHeader.MaxMessageSize, out MplexFrameHeader header, out int consumed);
            if (status == MplexReadStatus.Ok && buffer.Length >= consumed + header.Length)
            {
                byte[] body = buffer.Slice(consumed, header.Length).ToArray();
                pipe.Input.AdvanceTo(buffer.GetPosition(consumed + header.Length));
                return (header, body);
            }
            if (status is not MplexReadStatus.Ok and not MplexReadStatus.NeedMoreData)
            {
                throw new InvalidDataException($"the implementation sent an invalid mplex header ({status})");
            }
            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? null : throw new InvalidDataException("the implementation closed mid-message");
            }
        }
    }

    /// <summary>Reads yamux frames until one matches; fails if the connection closes first.</summary>
    public async Task<(YamuxHeader Header, byte[] Body)> ExpectYamuxAsync(Func<YamuxHeader, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReadYamuxAsync(cancellationToken) ?? throw new EndOfStreamException("connection closed before the expected frame");
            if (match(frame.Header))
            {
                return frame;
            }
        }
    }

    /// <summary>Reads yamux frames until the implementation closes the connection; returns them all.</summary>
    public async Task<List<YamuxHeader>> DrainYamuxAsync(CancellationToken cancellationToken)
    {
        List<YamuxHeader> frames = [];
        while (await ReadYamuxAsync(cancellationToken) is { } frame)
        {
            frames.Add(frame.Header);
        }
        return frames;
    }

    /// <summary>Reads mplex messages until the implementation closes the connection; returns them all.</summary>
    public async Task<List<MplexFrameHeader>> DrainMplexAsync(CancellationToken cancellationToken)
    {
        List<MplexFrameHeader> frames = [];
        while (await ReadMplexAsync(cancellationToken) is { } frame)
        {
            frames.Add(frame.Header);
        }
        return frames;
    }
}
