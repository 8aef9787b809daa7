namespace Libp2p.Idl.Model;

/// <summary>The kind of a declared type (key <c>kind</c>).</summary>
public enum IdlTypeKind
{
    /// <summary>An immutable record with named fields.</summary>
    Record,

    /// <summary>An enumeration of named integer values.</summary>
    Enum,
}
