namespace Libp2p.Muxers.Yamux;

/// <summary>Outcome of <see cref="YamuxHeader.TryRead(System.ReadOnlySpan{byte}, out YamuxHeader)"/>.</summary>
public enum YamuxHeaderStatus
{
    /// <summary>A valid header was read.</summary>
    Ok,
    /// <summary>Fewer than 12 bytes are available.</summary>
    NeedMoreData,
    /// <summary>The version byte is not 0.</summary>
    UnsupportedVersion,
    /// <summary>The type byte is not one of the four frame types.</summary>
    UnknownType,
}
