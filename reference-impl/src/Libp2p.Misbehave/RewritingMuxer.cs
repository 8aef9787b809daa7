using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Misbehave;

/// <summary>A muxer whose outgoing frames pass through a fresh <see cref="IByteRewriter"/> per connection.</summary>
public sealed class RewritingMuxer(IStreamMuxer inner, Func<IByteRewriter> rewriter) : IStreamMuxer
{
    /// <inheritdoc/>
    public string ProtocolId => inner.ProtocolId;

    /// <inheritdoc/>
    public IMuxedConnection Create(IDuplexPipe connection, bool isInitiator) =>
        inner.Create(new RewritingDuplexPipe(connection, rewriter()), isInitiator);
}
