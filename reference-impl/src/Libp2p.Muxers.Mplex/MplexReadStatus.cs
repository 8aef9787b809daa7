namespace Libp2p.Muxers.Mplex;

/// <summary>Outcome of <see cref="MplexFrameHeader.TryRead"/>.</summary>
public enum MplexReadStatus
{
    /// <summary>A valid header was read.</summary>
    Ok,
    /// <summary>The buffer ends inside the header.</summary>
    NeedMoreData,
    /// <summary>A varint is over-long, overflows, or is not minimal.</summary>
    InvalidVarint,
    /// <summary>The flag is 7, which the spec does not define.</summary>
    UnknownFlag,
    /// <summary>The announced length exceeds the limit (1 MiB by default).</summary>
    TooLarge,
}
