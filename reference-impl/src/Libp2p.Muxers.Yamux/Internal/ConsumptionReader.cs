using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Libp2p.Muxers.Internal;

/// <summary>
/// The application-facing reader of a muxed stream: forwards to the stream's input pipe and reports each
/// consumed byte count, which drives yamux window updates and mplex buffer accounting.
/// </summary>
internal sealed class ConsumptionReader(PipeReader inner, IConsumptionSink sink) : PipeReader
{
    private ReadOnlySequence<byte> _last;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<ReadResult> pending = inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            ReadResult result = pending.Result;
            _last = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }
        return AwaitRead(pending);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (inner.TryRead(out result))
        {
            _last = result.Buffer;
            return true;
        }
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        long bytes = _last.IsEmpty ? 0 : _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
        if (bytes > 0)
        {
            sink.OnConsumed(bytes);
        }
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        inner.Complete(exception);
        sink.OnReaderCompleted();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitRead(ValueTask<ReadResult> pending)
    {
        ReadResult result = await pending.ConfigureAwait(false);
        _last = result.Buffer;
        return result;
    }
}
