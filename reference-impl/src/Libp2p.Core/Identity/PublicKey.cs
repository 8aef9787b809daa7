namespace Libp2p.Core.Identity;

// PLACEHOLDER API SURFACE: replaced by the identity work.
/// <summary>A libp2p public key.</summary>
public abstract class PublicKey
{
    /// <summary>The key type.</summary>
    public abstract KeyType Type { get; }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/>.</summary>
    public abstract bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>The deterministic protobuf encoding of peer-ids.md.</summary>
    public abstract byte[] ToProtobuf();
}
