using Libp2p.Idl.Model;
using YamlDotNet.RepresentationModel;

namespace Libp2p.Idl.Parsing;

/// <summary>The file being parsed and the diagnostics collected so far.</summary>
internal sealed class ParseContext(string file, List<Diagnostic> diagnostics)
{
    public string File { get; } = file;

    public SourceLocation At(YamlNode node) => new(File, checked((int)node.Start.Line), checked((int)node.Start.Column));

    public void Error(SourceLocation location, string message) => diagnostics.Add(new Diagnostic(location, message));

    public void Error(YamlNode node, string message) => Error(At(node), message);

    /// <summary>Reads <paramref name="node"/> as a mapping that may only hold <paramref name="allowed"/> keys.</summary>
    public MappingReader? Mapping(YamlNode node, string what, params string[] allowed)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, $"{what} must be a mapping");
            return null;
        }
        var values = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (KeyValuePair<YamlNode, YamlNode> entry in mapping.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                Error(entry.Key, $"{what} has a non-scalar key");
                continue;
            }
            if (Array.IndexOf(allowed, key) < 0)
            {
                Error(entry.Key, $"unknown key '{key}' in {what} (allowed: {string.Join(", ", allowed)})");
                continue;
            }
            values[key] = (entry.Key, entry.Value);
        }
        return new MappingReader(this, mapping, what, values);
    }

    /// <summary>The items of an optional sequence; a missing or null value is an empty list.</summary>
    public IReadOnlyList<YamlNode> Items(YamlNode? node, string what)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.ToList();
            case YamlScalarNode scalar when IsNull(scalar):
                return [];
            default:
                Error(node, $"{what} must be a list");
                return [];
        }
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null";
}
