namespace Libp2p.Core.Records;

/// <summary>Why a signed envelope or peer record was rejected (RFC 0002 / RFC 0003).</summary>
public enum RecordError
{
    /// <summary>The bytes are not a valid protobuf of the expected message.</summary>
    Malformed,
    /// <summary>The input is larger than the configured limit.</summary>
    TooLarge,
    /// <summary>The envelope has no public key, or the key is invalid.</summary>
    InvalidPublicKey,
    /// <summary>The signature does not verify for the given domain (RFC 0002 "Signature Production").</summary>
    InvalidSignature,
    /// <summary>The payload type is not the one the caller expects.</summary>
    WrongPayloadType,
    /// <summary>The record's peer ID is not the peer ID of the envelope's signing key (RFC 0003).</summary>
    PeerIdMismatch,
}
