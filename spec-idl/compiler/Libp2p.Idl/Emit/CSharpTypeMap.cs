using Libp2p.Idl.Model;

namespace Libp2p.Idl.Emit;

/// <summary>Maps IDL type references to C# (spec-idl/README.md, "Built-in types"), recording the namespaces used.</summary>
internal sealed class CSharpTypeMap
{
    private static readonly Dictionary<string, (string Name, string? Namespace)> Builtins = new(StringComparer.Ordinal)
    {
        ["bool"] = ("bool", null),
        ["u8"] = ("byte", null),
        ["u16"] = ("ushort", null),
        ["u32"] = ("uint", null),
        ["u64"] = ("ulong", null),
        ["i32"] = ("int", null),
        ["i64"] = ("long", null),
        ["string"] = ("string", null),
        ["bytes"] = ("ReadOnlyMemory<byte>", "System"),
        ["duration"] = ("TimeSpan", "System"),
        ["multiaddr"] = ("Multiaddr", "Libp2p.Core.Multiformats"),
        ["peer_id"] = ("PeerId", "Libp2p.Core.Identity"),
        ["public_key"] = ("PublicKey", "Libp2p.Core.Identity"),
        ["private_key"] = ("PrivateKey", "Libp2p.Core.Identity"),
        [IdlBuiltins.DuplexStream] = ("IDuplexPipe", "System.IO.Pipelines"),
        [IdlBuiltins.Disposable] = ("IAsyncDisposable", "System"),
        ["completion"] = ("Task", "System.Threading.Tasks"),
    };

    private readonly Dictionary<string, (string Name, string Namespace)> _declared = new(StringComparer.Ordinal);

    public CSharpTypeMap(IEnumerable<IdlModule> modules)
    {
        foreach (IdlModule module in modules)
        {
            foreach (IdlTypeDef t in module.Types)
            {
                _declared[t.Name] = (IdlNames.Pascal(t.Name), module.CSharpNamespace);
            }
            foreach (IdlInterface i in module.Interfaces)
            {
                _declared[i.Name] = (InterfaceName(i.Name), module.CSharpNamespace);
            }
            foreach (IdlError e in module.Errors)
            {
                _declared["error:" + e.Name] = (ErrorName(e.Name), module.CSharpNamespace);
            }
        }
    }

    public SortedSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    public static string InterfaceName(string name) => "I" + IdlNames.Pascal(name);

    public static string ErrorName(string name) => IdlNames.Pascal(name) + "Exception";

    public string Type(TypeRef type)
    {
        string core;
        if (type.Element is { } element)
        {
            Namespaces.Add("System.Collections.Generic");
            core = $"IReadOnlyList<{Type(element)}>";
        }
        else
        {
            core = Named(type.Name);
        }
        return type.IsNullable ? core + "?" : core;
    }

    /// <summary>A base type of <c>extends</c>: a declared interface or a built-in.</summary>
    public string Named(string name)
    {
        if (Builtins.TryGetValue(name, out var builtin))
        {
            Use(builtin.Namespace);
            return builtin.Name;
        }
        var declared = _declared[name];
        Use(declared.Namespace);
        return declared.Name;
    }

    public string Error(string name)
    {
        var declared = _declared["error:" + name];
        Use(declared.Namespace);
        return declared.Name;
    }

    public void Use(string? ns)
    {
        if (ns is not null)
        {
            Namespaces.Add(ns);
        }
    }
}
