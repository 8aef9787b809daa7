using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Muxers.Yamux;

/// <summary>The yamux stream multiplexer, <c>/yamux/1.0.0</c> (libp2p/specs yamux/README.md).</summary>
public sealed class YamuxMuxer(YamuxOptions? options = null) : IStreamMuxer
{
    /// <summary>The multistream protocol ID.</summary>
    public const string Id = "/yamux/1.0.0";

    private readonly YamuxOptions _options = options ?? YamuxOptions.Default;

    /// <inheritdoc />
    public string ProtocolId => Id;

    /// <inheritdoc />
    public IMuxedConnection Create(IDuplexPipe connection, bool isInitiator) => new YamuxSession(connection, isInitiator, _options);
}
