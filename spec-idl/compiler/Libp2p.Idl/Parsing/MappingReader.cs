using System.Globalization;
using Libp2p.Idl.Model;
using YamlDotNet.RepresentationModel;

namespace Libp2p.Idl.Parsing;

/// <summary>Typed access to the keys of one YAML mapping, reporting wrong shapes as diagnostics.</summary>
internal sealed class MappingReader(
    ParseContext context,
    YamlMappingNode node,
    string what,
    Dictionary<string, (YamlNode Key, YamlNode Value)> values)
{
    /// <summary>How the mapping is named in messages, e.g. <c>requirement 'YAMUX-HDR-001'</c>.</summary>
    public string What { get; set; } = what;

    public SourceLocation Location => context.At(node);

    public YamlNode? Node(string key) => values.TryGetValue(key, out var entry) ? entry.Value : null;

    public bool Has(string key) => values.ContainsKey(key);

    /// <summary>A string value; reports a missing or empty required key.</summary>
    public string? String(string key, bool required = false)
    {
        if (!values.TryGetValue(key, out var entry))
        {
            if (required)
            {
                context.Error(node, $"{What} is missing required key '{key}'");
            }
            return null;
        }
        if (entry.Value is not YamlScalarNode scalar)
        {
            context.Error(entry.Value, $"'{key}' in {What} must be a string");
            return null;
        }
        if (ParseContext.IsNull(scalar) || string.IsNullOrWhiteSpace(scalar.Value))
        {
            if (required)
            {
                context.Error(entry.Value, $"'{key}' in {What} must not be empty");
            }
            return null;
        }
        return scalar.Value!.Trim();
    }

    /// <summary>A boolean value (<c>true</c> / <c>false</c>), or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string key, bool fallback)
    {
        if (!values.TryGetValue(key, out var entry))
        {
            return fallback;
        }
        if (entry.Value is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }
        context.Error(entry.Value, $"'{key}' in {What} must be true or false");
        return fallback;
    }

    /// <summary>A 32-bit signed integer value; reports a missing required key.</summary>
    public int? Int(string key, bool required = false)
    {
        if (!values.TryGetValue(key, out var entry))
        {
            if (required)
            {
                context.Error(node, $"{What} is missing required key '{key}'");
            }
            return null;
        }
        if (entry.Value is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }
        context.Error(entry.Value, $"'{key}' in {What} must be an integer in the 32-bit signed range");
        return null;
    }

    /// <summary>The location of a key's value, or of the mapping when the key is absent.</summary>
    public SourceLocation LocationOf(string key) =>
        values.TryGetValue(key, out var entry) ? context.At(entry.Value) : Location;
}
