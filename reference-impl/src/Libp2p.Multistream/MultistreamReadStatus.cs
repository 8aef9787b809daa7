namespace Libp2p.Multistream;

/// <summary>Outcome of <see cref="MultistreamCodec.TryReadMessage"/>.</summary>
public enum MultistreamReadStatus
{
    /// <summary>One complete, well-formed message was read.</summary>
    Ok,
    /// <summary>The buffer ends inside the message; read more bytes and try again.</summary>
    NeedMoreData,
    /// <summary>The length prefix is not a valid minimal uvarint, or is zero.</summary>
    InvalidLength,
    /// <summary>The announced length exceeds the limit (1024 bytes by default).</summary>
    TooLong,
    /// <summary>The message does not end with <c>\n</c>.</summary>
    MissingNewline,
    /// <summary>The message is not valid UTF-8 or holds a control character.</summary>
    InvalidText,
}
