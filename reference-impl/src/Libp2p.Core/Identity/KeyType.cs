namespace Libp2p.Core.Identity;

/// <summary>Key types of libp2p/specs peer-ids/peer-ids.md, "Keys" (values are the protobuf enum).</summary>
public enum KeyType
{
    /// <summary>RSA, PKIX/PKCS#1 DER encodings.</summary>
    Rsa = 0,
    /// <summary>Ed25519.</summary>
    Ed25519 = 1,
    /// <summary>secp256k1 (Bitcoin curve).</summary>
    Secp256k1 = 2,
    /// <summary>ECDSA (P-256 in practice).</summary>
    Ecdsa = 3,
}
