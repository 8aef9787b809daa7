namespace Libp2p.Idl.Model;

/// <summary>
/// A type reference as written in a module (<c>peer_id</c>, <c>string?</c>, <c>list&lt;multiaddr&gt;</c>);
/// see spec-idl/README.md, "Built-in types".
/// </summary>
/// <param name="Name">The referenced name, or <c>list</c> for a list.</param>
/// <param name="Element">The element type of a list, else null.</param>
/// <param name="IsNullable">Whether the reference ends with <c>?</c>.</param>
/// <param name="Location">Where the reference is written.</param>
public sealed record TypeRef(string Name, TypeRef? Element, bool IsNullable, SourceLocation Location)
{
    /// <summary>Whether this is a <c>list&lt;T&gt;</c>.</summary>
    public bool IsList => Element is not null;

    /// <summary>Formats back to the IDL syntax.</summary>
    public override string ToString() =>
        (Element is null ? Name : $"list<{Element}>") + (IsNullable ? "?" : "");
}
