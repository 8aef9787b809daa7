namespace Libp2p.Protocols.Identify;

/// <summary>Outcome of <see cref="IdentifyCodec.TryRead"/>.</summary>
public enum IdentifyReadStatus
{
    /// <summary>One complete message was decoded.</summary>
    Message,

    /// <summary>The buffer holds only part of a message.</summary>
    NeedMoreData,
}
