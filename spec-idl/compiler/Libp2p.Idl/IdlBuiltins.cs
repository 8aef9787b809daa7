namespace Libp2p.Idl;

/// <summary>The built-in type names of the IDL (spec-idl/README.md, "Built-in types").</summary>
public static class IdlBuiltins
{
    /// <summary>The duplex byte stream; usable as a type and in <c>extends</c>.</summary>
    public const string DuplexStream = "duplex_stream";

    /// <summary>Asynchronously disposable; only in <c>extends</c>.</summary>
    public const string Disposable = "disposable";

    /// <summary>No result; only as a method's <c>returns</c>.</summary>
    public const string Void = "void";

    /// <summary>The list type constructor.</summary>
    public const string List = "list";

    /// <summary>Every built-in usable as a value type reference.</summary>
    public static IReadOnlySet<string> ValueTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bool", "u8", "u16", "u32", "u64", "i32", "i64", "string", "bytes", "duration",
        "multiaddr", "peer_id", "public_key", "private_key", DuplexStream, "completion",
    };

    /// <summary>Whether <paramref name="name"/> is reserved (a built-in, <c>disposable</c>, <c>void</c> or <c>list</c>).</summary>
    public static bool IsReserved(string name) =>
        ValueTypes.Contains(name) || name is Disposable or Void or List;
}
