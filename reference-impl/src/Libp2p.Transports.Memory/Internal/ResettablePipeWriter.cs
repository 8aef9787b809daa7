using System.IO.Pipelines;

namespace Libp2p.Transports.Memory.Internal;

/// <summary>
/// A <see cref="PipeWriter"/> over an inner writer that turns a connection reset into an <see cref="IOException"/>
/// on the pending and every later flush. The reset wakes a pending flush through the thread-safe
/// <see cref="PipeWriter.CancelPendingFlush"/>.
/// </summary>
internal sealed class ResettablePipeWriter(PipeWriter inner, ResetState state) : PipeWriter
{
    /// <summary>Wakes a pending flush so that it observes the reset.</summary>
    public void WakeForReset() => inner.CancelPendingFlush();

    /// <inheritdoc />
    public override void Advance(int bytes) => inner.Advance(bytes);

    /// <inheritdoc />
    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    /// <inheritdoc />
    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        state.ThrowIfReset();
        var result = await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            state.ThrowIfReset();
        }
        return result;
    }

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    /// <inheritdoc />
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    /// <inheritdoc />
    public override long UnflushedBytes => inner.UnflushedBytes;
}
