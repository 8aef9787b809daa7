namespace Libp2p.Daemon;

/// <summary>Outcome of <see cref="ControlFrame.TryRead"/>.</summary>
public enum ControlFrameStatus
{
    /// <summary>A whole frame was read.</summary>
    Complete,
    /// <summary>The input ends inside the length prefix or the payload; read more.</summary>
    Incomplete,
    /// <summary>The length prefix is not a valid unsigned varint (overlong, over 63 bits, or not minimal).</summary>
    BadLength,
    /// <summary>The length prefix announces more than the allowed maximum.</summary>
    TooLarge,
}
