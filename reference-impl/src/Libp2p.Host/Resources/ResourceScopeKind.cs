namespace Libp2p.Host.Resources;

/// <summary>The levels of the resource-manager scope hierarchy.</summary>
public enum ResourceScopeKind
{
    /// <summary>The whole host.</summary>
    System,

    /// <summary>Connections and streams not yet attributed to a peer or a protocol (handshakes, negotiation).</summary>
    Transient,

    /// <summary>Everything belonging to one remote peer.</summary>
    Peer,

    /// <summary>Streams of one protocol ID.</summary>
    Protocol,

    /// <summary>Streams owned by one named service (a handler or subsystem).</summary>
    Service,
}
