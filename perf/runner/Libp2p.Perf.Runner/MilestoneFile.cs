using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Libp2p.Perf.Runner;

/// <summary>Reads perf/milestones.yaml: <c>milestones: [{id, title, metric, comparison, target, unit}]</c>.</summary>
public static class MilestoneFile
{
    private sealed class Document
    {
        public List<Milestone> Milestones { get; set; } = [];
    }

    /// <summary>Parses YAML text; throws <see cref="FormatException"/> with the reason on a malformed file.</summary>
    public static IReadOnlyList<Milestone> Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        IDeserializer deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        Document? doc;
        try
        {
            doc = deserializer.Deserialize<Document>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"milestones: line {e.Start.Line}: {e.Message}", e);
        }
        if (doc is null || doc.Milestones.Count == 0)
        {
            throw new FormatException("milestones: no 'milestones' list");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Milestone m in doc.Milestones)
        {
            if (string.IsNullOrWhiteSpace(m.Id) || string.IsNullOrWhiteSpace(m.Metric))
            {
                throw new FormatException("milestones: every entry needs an id and a metric");
            }
            if (!seen.Add(m.Id))
            {
                throw new FormatException($"milestones: duplicate id {m.Id}");
            }
            if (m.Comparison is not (">=" or "<="))
            {
                throw new FormatException($"milestones: {m.Id}: comparison must be >= or <=, got '{m.Comparison}'");
            }
        }
        return doc.Milestones;
    }
}
