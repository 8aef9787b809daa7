namespace Libp2p.Muxers.Yamux;

/// <summary>Error codes carried by a GoAway frame (libp2p/specs yamux/README.md, "GoAway").</summary>
public enum YamuxGoAwayCode : uint
{
    /// <summary>Normal termination.</summary>
    Normal = 0,
    /// <summary>The remote violated the protocol.</summary>
    ProtocolError = 1,
    /// <summary>An internal error.</summary>
    InternalError = 2,
}
