using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Host.Resources;

namespace Libp2p.Host;

/// <summary>An inbound or outbound stream after protocol negotiation.</summary>
/// <param name="Pipe">The stream's bytes (after multistream-select; may wrap <paramref name="Stream"/> for lazy negotiation).</param>
/// <param name="Stream">The muxed stream itself, for <see cref="IMuxedStream.Reset"/>.</param>
/// <param name="Protocol">The negotiated protocol ID.</param>
/// <param name="Connection">The connection the stream belongs to.</param>
public sealed record StreamContext(IDuplexPipe Pipe, IMuxedStream Stream, string Protocol, UpgradedConnection Connection)
{
    /// <summary>
    /// The stream's resource reservation when the host accounts it (HOST-RCMGR-001): handlers reserve buffer memory
    /// through it with <see cref="StreamReservation.ReserveMemory"/>. Released when the stream ends.
    /// </summary>
    public StreamReservation? Resources { get; init; }
}

/// <summary>Serves one negotiated inbound stream.</summary>
public delegate Task StreamHandler(StreamContext context, CancellationToken cancellationToken);
