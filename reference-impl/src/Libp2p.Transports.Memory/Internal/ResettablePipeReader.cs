using System.IO.Pipelines;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>
/// A <see cref="PipeReader"/> over an inner reader that turns a connection reset into an <see cref="IOException"/>
/// on the pending and every later read. The reset wakes a pending read through the thread-safe
/// <see cref="PipeReader.CancelPendingRead"/>.
/// </summary>
internal sealed class ResettablePipeReader(PipeReader inner, ResetState state) : PipeReader
{
    /// <summary>Wakes a pending read so that it observes the reset.</summary>
    public void WakeForReset() => inner.CancelPendingRead();

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    /// <inheritdoc />
    public override void CancelPendingRead() => inner.CancelPendingRead();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        state.ThrowIfReset();
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            Reset(result);
        }
        return result;
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        state.ThrowIfReset();
        if (!inner.TryRead(out result))
        {
            return false;
        }
        if (result.IsCanceled)
        {
            Reset(result);
        }
        return true;
    }

    private void Reset(ReadResult result)
    {
        if (state.Error is null)
        {
            return;
        }
        // The buffer must be released before the caller loses the chance to do so.
        inner.AdvanceTo(result.Buffer.Start);
        state.ThrowIfReset();
    }
}
