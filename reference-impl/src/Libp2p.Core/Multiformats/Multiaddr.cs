namespace Libp2p.Core.Multiformats;

// PLACEHOLDER API SURFACE: replaced by the multiformats work (full protocol table, binary form).
/// <summary>A multiaddr (multiformats/multiaddr).</summary>
public sealed class Multiaddr : IEquatable<Multiaddr>
{
    private readonly string _text;
    private Multiaddr(string text) => _text = text;

    /// <summary>Parses the string form.</summary>
    public static Multiaddr Parse(string text) => new(text);

    /// <inheritdoc />
    public override string ToString() => _text;

    /// <inheritdoc />
    public bool Equals(Multiaddr? other) => other is not null && other._text == _text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multiaddr);

    /// <inheritdoc />
    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);
}
