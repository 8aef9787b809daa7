namespace Libp2p.Core.Identity;

// PLACEHOLDER API SURFACE: replaced by the identity work.
/// <summary>A peer ID: the multihash of the encoded public key.</summary>
public sealed class PeerId : IEquatable<PeerId>
{
    private readonly byte[] _bytes;
    private PeerId(byte[] bytes) => _bytes = bytes;

    /// <summary>The multihash bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Wraps multihash bytes.</summary>
    public static PeerId FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <inheritdoc />
    public bool Equals(PeerId? other) => other is not null && other._bytes.AsSpan().SequenceEqual(_bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PeerId);

    /// <inheritdoc />
    public override int GetHashCode() => _bytes.Length == 0 ? 0 : BitConverter.ToInt32(_bytes, _bytes.Length - 4);
}
