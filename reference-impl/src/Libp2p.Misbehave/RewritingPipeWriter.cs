using System.Buffers;
using System.IO.Pipelines;

namespace Libp2p.Misbehave;

/// <summary>
/// A <see cref="PipeWriter"/> that collects what its user writes and, on each flush, passes it through an
/// <see cref="IByteRewriter"/> into the inner writer.
/// </summary>
public sealed class RewritingPipeWriter(PipeWriter inner, IByteRewriter rewriter) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _pending = new();

    /// <inheritdoc/>
    public override void Advance(int bytes) => _pending.Advance(bytes);

    /// <inheritdoc/>
    public override Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    /// <inheritdoc/>
    public override Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);

    /// <inheritdoc/>
    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null)
    {
        Drain();
        inner.Complete(exception);
    }

    /// <inheritdoc/>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Drain();
        return inner.FlushAsync(cancellationToken);
    }

    private void Drain()
    {
        if (_pending.WrittenCount > 0)
        {
            rewriter.Rewrite(_pending.WrittenSpan, inner);
            _pending.ResetWrittenCount();
        }
    }
}
