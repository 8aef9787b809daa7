namespace Libp2p.Transports.Memory;

/// <summary>Directions of a connection, seen from the wrapped end.</summary>
[Flags]
public enum FaultDirection
{
    /// <summary>No direction.</summary>
    None = 0,

    /// <summary>Bytes this end receives.</summary>
    Inbound = 1,

    /// <summary>Bytes this end sends.</summary>
    Outbound = 2,

    /// <summary>Both directions.</summary>
    Both = Inbound | Outbound,
}
