using System.IO.Pipelines;

namespace Libp2p.Core.Abstractions;

/// <summary>A stream multiplexer (yamux, mplex) that turns one secured pipe into many streams.</summary>
public interface IStreamMuxer
{
    /// <summary>The multistream protocol ID, e.g. <c>/yamux/1.0.0</c>.</summary>
    string ProtocolId { get; }

    /// <summary>Starts a muxer session over <paramref name="connection"/>; the session owns the pipe from now on.</summary>
    IMuxedConnection Create(IDuplexPipe connection, bool isInitiator);
}
