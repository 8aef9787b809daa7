namespace Libp2p.Host.Resources;

/// <summary>What a reservation counts against a scope's limits (go-libp2p and rust-libp2p resource managers).</summary>
public enum ResourceKind
{
    /// <summary>A connection the remote dialed.</summary>
    InboundConnection,

    /// <summary>A connection we dialed.</summary>
    OutboundConnection,

    /// <summary>A stream the remote opened.</summary>
    InboundStream,

    /// <summary>A stream we opened.</summary>
    OutboundStream,

    /// <summary>Bytes of buffer memory.</summary>
    Memory,
}
