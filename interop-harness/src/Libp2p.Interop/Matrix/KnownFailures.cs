using System.Text.RegularExpressions;
using Libp2p.Interop.Node;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Libp2p.Interop.Matrix;

/// <summary>
/// Test-name regexes whose failures are expected (test-plans' <c>knownErrors.json</c>): rendered yellow and not
/// failing the run. Loaded from <c>interop-harness/known-failures.yaml</c>: <c>knownFailures: [{ pattern, reason }]</c>.
/// </summary>
public sealed class KnownFailures
{
    private readonly IReadOnlyList<(Regex Pattern, string Reason)> _entries;

    /// <summary>Creates the list from (regex, reason) pairs.</summary>
    public KnownFailures(IEnumerable<(string Pattern, string Reason)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.Select(e => (new Regex(e.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), e.Reason)).ToList();
    }

    /// <summary>An empty list.</summary>
    public static KnownFailures None { get; } = new([]);

    /// <summary>The patterns, as written.</summary>
    public IReadOnlyList<string> Patterns => _entries.Select(e => e.Pattern.ToString()).ToList();

    /// <summary>Loads <paramref name="path"/>; a missing file is an empty list.</summary>
    public static KnownFailures Load(string path)
    {
        if (!File.Exists(path))
        {
            return None;
        }
        string text = File.ReadAllText(path);
        try
        {
            var file = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<FileDto?>(text);
            return new KnownFailures((file?.KnownFailures ?? []).Select(e => (
                e.Pattern ?? throw new InteropConfigurationException($"{path}: an entry has no pattern"),
                e.Reason ?? "")));
        }
        catch (YamlException e)
        {
            throw new InteropConfigurationException($"{path}:{e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InteropConfigurationException($"{path}: bad regex: {e.Message}", e);
        }
    }

    /// <summary>The reason when <paramref name="testName"/> matches a known failure, else null.</summary>
    public string? Match(string testName) =>
        _entries.FirstOrDefault(e => e.Pattern.IsMatch(testName)) is { Pattern: not null } hit ? (hit.Reason.Length > 0 ? hit.Reason : hit.Pattern.ToString()) : null;

    private sealed class FileDto
    {
        public List<EntryDto>? KnownFailures { get; set; }
    }

    private sealed class EntryDto
    {
        public string? Pattern { get; set; }
        public string? Reason { get; set; }
    }
}
