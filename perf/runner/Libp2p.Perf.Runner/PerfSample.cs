using System.Globalization;
using System.Text.Json;

namespace Libp2p.Perf.Runner;

/// <summary>
/// One stdout line of a test-plans perf client (libp2p/test-plans perf/README.md): <c>intermediary</c> samples carry
/// the bytes moved in that interval (not cumulative), <c>final</c> covers connection + upload + download.
/// </summary>
/// <param name="Type"><c>intermediary</c> or <c>final</c>.</param>
/// <param name="TimeSeconds">Length of the interval in seconds.</param>
/// <param name="UploadBytes">Bytes uploaded in the interval.</param>
/// <param name="DownloadBytes">Bytes downloaded in the interval.</param>
public sealed record PerfSample(string Type, double TimeSeconds, long UploadBytes, long DownloadBytes)
{
    /// <summary>Type of a per-second sample.</summary>
    public const string Intermediary = "intermediary";

    /// <summary>Type of the last sample.</summary>
    public const string Final = "final";

    /// <summary>The JSON line, field names as upstream (<c>type</c>, <c>timeSeconds</c>, <c>uploadBytes</c>, <c>downloadBytes</c>).</summary>
    public string ToJsonLine() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"type\":\"{Type}\",\"timeSeconds\":{TimeSeconds:R},\"uploadBytes\":{UploadBytes},\"downloadBytes\":{DownloadBytes}}}");

    /// <summary>Parses a line; null when it is not a perf sample object.</summary>
    public static PerfSample? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length > 4096 || !line.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("timeSeconds", out JsonElement time) || time.ValueKind != JsonValueKind.Number
                || !root.TryGetProperty("uploadBytes", out JsonElement up) || !up.TryGetInt64(out long upload)
                || !root.TryGetProperty("downloadBytes", out JsonElement down) || !down.TryGetInt64(out long download))
            {
                return null;
            }
            string kind = type.GetString()!;
            return kind is Intermediary or Final ? new PerfSample(kind, time.GetDouble(), upload, download) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
