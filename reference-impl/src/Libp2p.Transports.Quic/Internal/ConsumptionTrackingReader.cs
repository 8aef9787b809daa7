using System.Buffers;
using System.IO.Pipelines;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// Wraps a stream's inbound <see cref="PipeReader"/> and reports how many bytes the application consumed, which is
/// what QUIC flow control credit is granted on (RFC 9000 §4.2).
/// </summary>
internal sealed class ConsumptionTrackingReader(PipeReader inner, Action<long> onConsumed) : PipeReader
{
    private ReadOnlySequence<byte> _last;

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        long count = _last.IsEmpty ? 0 : _last.Slice(_last.Start, consumed).Length;
        _last = default;
        inner.AdvanceTo(consumed, examined);
        if (count > 0)
        {
            onConsumed(count);
        }
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ReadResult result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        _last = result.Buffer;
        return result;
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
}
