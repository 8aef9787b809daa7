using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Libp2p.Conformance.Reporting;

/// <summary>
/// Reads the reviewed known-deviations file: <c>deviations: [ { target, requirement, reason, link } ]</c>. Every field
/// is required; an entry without a reason or a link is an error, so no deviation goes in unexplained.
/// </summary>
public static class KnownDeviationsFile
{
    /// <summary>Largest accepted file.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Default location, relative to the repository root.</summary>
    public const string DefaultPath = "conformance-suites/known-deviations.yaml";

    /// <summary>Loads <paramref name="path"/>; throws <see cref="FormatException"/> on a malformed file.</summary>
    public static IReadOnlyList<KnownDeviation> Load(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
        {
            throw new FormatException($"{path}: larger than {MaxFileBytes} bytes");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the YAML text; throws <see cref="FormatException"/> naming the entry at fault.</summary>
    public static IReadOnlyList<KnownDeviation> Parse(string yaml, string source = "known-deviations.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        FileDto? file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<FileDto?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: {e.Message}", e);
        }
        var deviations = new List<KnownDeviation>();
        int index = 0;
        foreach (EntryDto entry in file?.Deviations ?? [])
        {
            index++;
            string Need(string? value, string field) => string.IsNullOrWhiteSpace(value)
                ? throw new FormatException($"{source}: deviation #{index} has no {field}")
                : value.Trim();
            string requirement = Need(entry.Requirement, "requirement");
            if (!RequirementCatalog.IsWellFormedId(requirement))
            {
                throw new FormatException($"{source}: deviation #{index}: '{requirement}' is not a requirement ID");
            }
            deviations.Add(new KnownDeviation(Need(entry.Target, "target"), requirement, Need(entry.Reason, "reason"), Need(entry.Link, "link")));
        }
        return deviations;
    }

    private sealed class FileDto
    {
        public List<EntryDto>? Deviations { get; set; }
    }

    private sealed class EntryDto
    {
        public string? Target { get; set; }
        public string? Requirement { get; set; }
        public string? Reason { get; set; }
        public string? Link { get; set; }
    }
}
