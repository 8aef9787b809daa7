namespace Libp2p.Protocols.Identify;

/// <summary>Why an Identify message was rejected (libp2p/specs identify/README.md, "The Identify Message").</summary>
public enum IdentifyError
{
    /// <summary>A length prefix announced more than the per-message limit.</summary>
    Oversize,

    /// <summary>The length prefix is not a valid minimal unsigned varint.</summary>
    InvalidLengthPrefix,

    /// <summary>The stream ended inside a message.</summary>
    Truncated,

    /// <summary>The body is not a valid Identify protobuf.</summary>
    Malformed,

    /// <summary>More messages were written on one stream than the reader merges.</summary>
    TooManyMessages,

    /// <summary>The stream carried no message at all.</summary>
    Empty,

    /// <summary>The publicKey field is missing or cannot be decoded.</summary>
    InvalidPublicKey,

    /// <summary>The publicKey does not derive the connection's authenticated peer ID.</summary>
    PeerIdMismatch,

    /// <summary>The signedPeerRecord is invalid or describes another peer.</summary>
    InvalidSignedPeerRecord,
}
