using System.IO.Pipelines;

namespace Libp2p.Misbehave;

/// <summary>A duplex pipe whose output goes through an <see cref="IByteRewriter"/>; input is untouched.</summary>
public sealed class RewritingDuplexPipe(IDuplexPipe inner, IByteRewriter rewriter) : IDuplexPipe
{
    /// <inheritdoc/>
    public PipeReader Input { get; } = inner.Input;

    /// <inheritdoc/>
    public PipeWriter Output { get; } = new RewritingPipeWriter(inner.Output, rewriter);
}
