namespace Libp2p.Muxers.Mplex;

/// <summary>The message flags of mplex (libp2p/specs mplex/README.md, "Flag Values").</summary>
public enum MplexFlag : byte
{
    /// <summary>Opens a stream; the body is the stream name.</summary>
    NewStream = 0,
    /// <summary>Data sent by the side that did not open the stream.</summary>
    MessageReceiver = 1,
    /// <summary>Data sent by the side that opened the stream.</summary>
    MessageInitiator = 2,
    /// <summary>Half-close by the receiver of the stream.</summary>
    CloseReceiver = 3,
    /// <summary>Half-close by the opener of the stream.</summary>
    CloseInitiator = 4,
    /// <summary>Reset by the receiver of the stream.</summary>
    ResetReceiver = 5,
    /// <summary>Reset by the opener of the stream.</summary>
    ResetInitiator = 6,
}
