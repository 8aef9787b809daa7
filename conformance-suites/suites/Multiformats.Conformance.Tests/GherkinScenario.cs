namespace Multiformats.Conformance.Tests;

/// <summary>
/// One scenario of multiformats/multiaddr test/multiaddr.feature, read with a minimal Gherkin reader covering the
/// steps that file uses ("Given the multiaddr", "Then the packed form is", "Then the string form is",
/// "the packed/string size is N bytes", "the components are:" with a table).
/// </summary>
public sealed record GherkinScenario(
    string Name,
    string Given,
    string? PackedForm,
    string? StringForm,
    int? PackedSize,
    int? StringSize,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Components)
{
    /// <summary>Reads every scenario of a feature file.</summary>
    public static IReadOnlyList<GherkinScenario> ReadAll(string path)
    {
        var scenarios = new List<GherkinScenario>();
        string? name = null;
        string? given = null;
        string? packed = null;
        string? text = null;
        int? packedSize = null;
        int? stringSize = null;
        string[]? header = null;
        var rows = new List<IReadOnlyDictionary<string, string>>();

        void Flush()
        {
            if (name is not null && given is not null)
            {
                scenarios.Add(new GherkinScenario(name, given, packed, text, packedSize, stringSize, [.. rows]));
            }
            given = packed = text = null;
            packedSize = stringSize = null;
            header = null;
            rows.Clear();
        }

        foreach (string raw in File.ReadLines(path))
        {
            string line = raw.Trim();
            if (line.StartsWith("Scenario:", StringComparison.Ordinal))
            {
                Flush();
                name = line["Scenario:".Length..].Trim();
            }
            else if (line.StartsWith("Given the multiaddr ", StringComparison.Ordinal))
            {
                given = line["Given the multiaddr ".Length..].Trim();
            }
            else if (TryStep(line, "the packed form is ", out string? value))
            {
                packed = value;
            }
            else if (TryStep(line, "the string form is ", out value))
            {
                text = value;
            }
            else if (TryStep(line, "the packed size is ", out value))
            {
                packedSize = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (TryStep(line, "the string size is ", out value))
            {
                stringSize = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith('|'))
            {
                string[] cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                if (header is null)
                {
                    header = cells;
                }
                else
                {
                    rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second));
                }
            }
        }
        Flush();
        return scenarios;
    }

    private static bool TryStep(string line, string step, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        foreach (string keyword in new[] { "Then ", "And " })
        {
            if (line.StartsWith(keyword + step, StringComparison.Ordinal))
            {
                value = line[(keyword.Length + step.Length)..].Trim();
                return true;
            }
        }
        value = null;
        return false;
    }
}
