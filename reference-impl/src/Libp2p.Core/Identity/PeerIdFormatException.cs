namespace Libp2p.Core.Identity;

/// <summary>
/// A peer ID in binary or text form is malformed: not an identity or sha2-256 multihash, a CID with a codec
/// other than <c>libp2p-key</c>, or bad base58/multibase text (peer-ids.md "Peer Ids").
/// </summary>
public sealed class PeerIdFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public PeerIdFormatException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public PeerIdFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public PeerIdFormatException() : base("malformed peer ID") { }
}
