using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Muxers.Mplex;

/// <summary>The mplex stream multiplexer, <c>/mplex/6.7.0</c> (libp2p/specs mplex/README.md; deprecated but deployed).</summary>
public sealed class MplexMuxer(MplexOptions? options = null) : IStreamMuxer
{
    /// <summary>The multistream protocol ID.</summary>
    public const string Id = "/mplex/6.7.0";

    private readonly MplexOptions _options = options ?? MplexOptions.Default;

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <inheritdoc />
    public IMuxedConnection Create(IDuplexPipe connection, bool isInitiator) => new MplexSession(connection, _options);
}
