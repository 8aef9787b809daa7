using Libp2p.Core.Identity;

namespace Libp2p.Host.Resources;

/// <summary>
/// The resources one connection holds: reserved in the system and transient scopes when the connection starts,
/// moved to its peer's scope once the remote is authenticated. Disposing releases everything, once.
/// </summary>
public sealed class ConnectionReservation : IDisposable
{
    private readonly ReservationSet _set;

    internal ConnectionReservation(ReservationSet set, bool inbound)
    {
        _set = set;
        Inbound = inbound;
    }

    /// <summary>Whether the remote dialed.</summary>
    public bool Inbound { get; }

    /// <summary>The peer the connection is attributed to, once known.</summary>
    public PeerId? Peer { get; private set; }

    private ResourceKind Kind => Inbound ? ResourceKind.InboundConnection : ResourceKind.OutboundConnection;

    /// <summary>Attributes the connection to <paramref name="peer"/>: reserves in its scope, then leaves the transient scope.</summary>
    /// <exception cref="ResourceLimitExceededException">The peer has as many connections as it may.</exception>
    public void SetPeer(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (Peer is not null)
        {
            throw new InvalidOperationException("the connection already belongs to a peer");
        }
        ResourceScope scope = _set.Manager.AcquirePeer(peer, _set);
        _set.Reserve(Kind, 1, scope);
        _set.Release(_set.Manager.Transient, Kind, 1);
        Peer = peer;
    }

    /// <summary>Releases the connection's reservations.</summary>
    public void Dispose() => _set.ReleaseAll();
}
