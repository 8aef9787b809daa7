using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Multistream.Internal;

/// <summary>The thin async layer binding <see cref="MultistreamCodec"/> to pipes.</summary>
internal static class MessageIO
{
    public static async ValueTask<string> ReadMessageAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            MultistreamReadStatus status = MultistreamCodec.TryReadMessage(buffer, MultistreamCodec.DefaultMaxMessageLength, out string message, out SequencePosition end);
            if (status == MultistreamReadStatus.Ok)
            {
                reader.AdvanceTo(end);
                return message;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            ThrowIfUnreadable(status, result);
        }
    }

    public static async ValueTask<ReadOnlySequence<byte>> ReadFrameCopyAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            MultistreamReadStatus status = MultistreamCodec.TryReadFrame(buffer, maxLength, out ReadOnlySequence<byte> body, out SequencePosition end);
            if (status == MultistreamReadStatus.Ok)
            {
                ReadOnlySequence<byte> copy = new(body.ToArray());
                reader.AdvanceTo(end);
                return copy;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            ThrowIfUnreadable(status, result);
        }
    }

    public static async ValueTask WriteAsync(PipeWriter writer, string first, string? second, CancellationToken cancellationToken)
    {
        MultistreamCodec.WriteMessage(writer, first);
        if (second is not null)
        {
            MultistreamCodec.WriteMessage(writer, second);
        }
        FlushResult flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new ProtocolViolationException("multistream-select: the remote closed the connection during negotiation");
        }
    }

    private static void ThrowIfUnreadable(MultistreamReadStatus status, ReadResult result)
    {
        if (status != MultistreamReadStatus.NeedMoreData)
        {
            throw new ProtocolViolationException($"multistream-select: malformed message ({status})");
        }
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("multistream-select: read canceled");
        }
        if (result.IsCompleted)
        {
            throw new ProtocolViolationException("multistream-select: the remote closed the connection during negotiation");
        }
    }
}
