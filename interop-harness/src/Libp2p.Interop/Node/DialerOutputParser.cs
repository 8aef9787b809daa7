using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Libp2p.Interop.Node;

/// <summary>
/// Finds a dialer's result in its stdout the way test-plans' <c>compose-stdout-helper.ts</c> does: the first
/// <c>{...}</c> that parses as JSON and has both <c>handshakePlusOneRTTMillis</c> and <c>pingRTTMilllis</c>, wherever
/// it sits (noise around it, split across lines, integers allowed). Unified-testing YAML (<c>latency:</c> block with
/// <c>handshake_plus_one_rtt</c> and <c>ping_rtt</c>) is accepted too.
/// </summary>
public static class DialerOutputParser
{
    /// <summary>Only this much stdout is examined.</summary>
    public const int MaxOutputChars = 1024 * 1024;

    // Bounds the work on hostile output full of '{'.
    private const int MaxCandidates = 4096;

    /// <summary>Tries to find the measurement in <paramref name="stdout"/>.</summary>
    public static bool TryParse(string? stdout, out DialerMeasurement measurement)
    {
        measurement = default;
        if (string.IsNullOrEmpty(stdout))
        {
            return false;
        }
        if (stdout.Length > MaxOutputChars)
        {
            stdout = stdout[..MaxOutputChars];
        }
        return TryParseJson(stdout, out measurement) || TryParseYaml(stdout, out measurement);
    }

    private static bool TryParseJson(string text, out DialerMeasurement measurement)
    {
        measurement = default;
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int candidates = 0;
        for (int start = Array.IndexOf(utf8, (byte)'{'); start >= 0 && candidates < MaxCandidates; start = Array.IndexOf(utf8, (byte)'{', start + 1), candidates++)
        {
            var reader = new Utf8JsonReader(utf8.AsSpan(start), new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 16 });
            try
            {
                using JsonDocument document = JsonDocument.ParseValue(ref reader);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("handshakePlusOneRTTMillis", out JsonElement handshake)
                    && document.RootElement.TryGetProperty("pingRTTMilllis", out JsonElement ping)
                    && handshake.ValueKind == JsonValueKind.Number
                    && ping.ValueKind == JsonValueKind.Number
                    && handshake.TryGetDouble(out double h) && double.IsFinite(h)
                    && ping.TryGetDouble(out double p) && double.IsFinite(p))
                {
                    measurement = new DialerMeasurement(h, p);
                    return true;
                }
            }
            catch (JsonException)
            {
                // Noise that merely starts with '{': keep scanning, as upstream does.
            }
        }
        return false;
    }

    private static bool TryParseYaml(string text, out DialerMeasurement measurement)
    {
        measurement = default;
        double? handshake = null;
        double? ping = null;
        bool inLatency = false;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("latency:", StringComparison.Ordinal))
            {
                inLatency = true;
                continue;
            }
            if (!inLatency)
            {
                continue;
            }
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                break;
            }
            string trimmed = line.Trim();
            handshake ??= Value(trimmed, "handshake_plus_one_rtt:");
            ping ??= Value(trimmed, "ping_rtt:");
        }
        if (handshake is double h && ping is double p)
        {
            measurement = new DialerMeasurement(h, p);
            return true;
        }
        return false;
    }

    private static double? Value(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal)
        && double.TryParse(line.AsSpan(key.Length).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
        && double.IsFinite(value)
            ? value
            : null;
}
