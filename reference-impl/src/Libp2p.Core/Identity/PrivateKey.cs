namespace Libp2p.Core.Identity;

// PLACEHOLDER API SURFACE: replaced by the identity work.
/// <summary>A libp2p private key.</summary>
public abstract class PrivateKey
{
    /// <summary>The key type.</summary>
    public abstract KeyType Type { get; }

    /// <summary>The matching public key.</summary>
    public abstract PublicKey PublicKey { get; }

    /// <summary>Signs <paramref name="data"/>.</summary>
    public abstract byte[] Sign(ReadOnlySpan<byte> data);
}
