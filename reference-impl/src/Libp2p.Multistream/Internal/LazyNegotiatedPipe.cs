using System.IO.Pipelines;

namespace Libp2p.Multistream.Internal;

/// <summary>A duplex pipe whose input confirms the optimistic protocol choice on first read.</summary>
internal sealed class LazyNegotiatedPipe(IDuplexPipe inner, string protocol) : IDuplexPipe
{
    public PipeReader Input { get; } = new LazyNegotiationReader(inner.Input, protocol);

    public PipeWriter Output => inner.Output;
}
