namespace Libp2p.Muxers.Yamux;

/// <summary>Yamux frame types (libp2p/specs yamux/README.md, "Type").</summary>
public enum YamuxFrameType : byte
{
    /// <summary>Data for a stream; the length field is the payload length.</summary>
    Data = 0,
    /// <summary>Window update for a stream; the length field is the window delta.</summary>
    WindowUpdate = 1,
    /// <summary>Session ping; the length field is an opaque value echoed back.</summary>
    Ping = 2,
    /// <summary>Session termination; the length field is a <see cref="YamuxGoAwayCode"/>.</summary>
    GoAway = 3,
}
