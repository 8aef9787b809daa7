using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Libp2p.Conformance.Wire;

/// <summary>Reads <c>targets: [ { id, command, security?, muxers?, protocols } ]</c> (see <see cref="WireTargetRecipe"/>).</summary>
public static class WireTargetsFile
{
    /// <summary>Default location, relative to the repository root.</summary>
    public const string DefaultPath = "conformance-suites/wire-targets.yaml";

    /// <summary>Largest accepted file.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Loads <paramref name="path"/>; throws <see cref="FormatException"/> on a malformed file.</summary>
    public static IReadOnlyList<WireTargetRecipe> Load(string path)
    {
        if (new FileInfo(path).Length > MaxFileBytes)
        {
            throw new FormatException($"{path}: larger than {MaxFileBytes} bytes");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the YAML text.</summary>
    public static IReadOnlyList<WireTargetRecipe> Parse(string yaml, string source = "wire-targets.yaml")
    {
        FileDto? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<FileDto?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: {e.Message}", e);
        }
        var recipes = new List<WireTargetRecipe>();
        foreach (TargetDto t in file?.Targets ?? [])
        {
            if (string.IsNullOrWhiteSpace(t.Id) || t.Command is not { Count: > 0 })
            {
                throw new FormatException($"{source}: every target needs an id and a command");
            }
            if (recipes.Any(r => r.Id == t.Id))
            {
                throw new FormatException($"{source}: target '{t.Id}' is declared twice");
            }
            recipes.Add(new WireTargetRecipe(t.Id, t.Command, t.Security, t.Muxers, t.Protocols ?? []));
        }
        return recipes;
    }

    private sealed class FileDto
    {
        public List<TargetDto>? Targets { get; set; }
    }

    private sealed class TargetDto
    {
        public string? Id { get; set; }
        public List<string>? Command { get; set; }
        public List<string>? Security { get; set; }
        public List<string>? Muxers { get; set; }
        public List<string>? Protocols { get; set; }
    }
}
