using Libp2p.Idl.Model;

namespace Libp2p.Idl.Parsing;

/// <summary>Parses the type reference syntax: <c>name</c>, <c>name?</c>, <c>list&lt;T&gt;</c>, <c>list&lt;T&gt;?</c>.</summary>
internal static class TypeRefParser
{
    private const int MaxDepth = 8;

    public static TypeRef? Parse(string text, SourceLocation location) => Parse(text.Trim(), location, 0);

    private static TypeRef? Parse(string text, SourceLocation location, int depth)
    {
        if (depth > MaxDepth || text.Length == 0)
        {
            return null;
        }
        bool nullable = text.EndsWith('?');
        string core = nullable ? text[..^1].TrimEnd() : text;
        if (core.StartsWith("list<", StringComparison.Ordinal) && core.EndsWith('>'))
        {
            TypeRef? element = Parse(core[5..^1].Trim(), location, depth + 1);
            return element is null ? null : new TypeRef(IdlBuiltins.List, element, nullable, location);
        }
        return IdlNames.IsSnakeCase(core) ? new TypeRef(core, null, nullable, location) : null;
    }
}
