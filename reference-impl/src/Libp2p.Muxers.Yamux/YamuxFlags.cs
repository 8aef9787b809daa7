namespace Libp2p.Muxers.Yamux;

/// <summary>Yamux header flags (libp2p/specs yamux/README.md, "Flag").</summary>
[Flags]
public enum YamuxFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Opens a stream, or starts a ping.</summary>
    Syn = 0x1,
    /// <summary>Acknowledges a stream, or answers a ping.</summary>
    Ack = 0x2,
    /// <summary>Half-closes the sender's direction of a stream.</summary>
    Fin = 0x4,
    /// <summary>Resets a stream.</summary>
    Rst = 0x8,
}
