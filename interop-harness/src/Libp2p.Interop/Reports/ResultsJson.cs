using System.Text;
using System.Text.Json;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary><c>results.json</c>: a summary and every test with its outcome, reason, timings and log tails.</summary>
public static class ResultsJson
{
    /// <summary>Renders the JSON document.</summary>
    public static string Render(IReadOnlyList<InteropTestResult> results, string runtime, DateTimeOffset generated)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generated", generated);
            json.WriteString("runtime", runtime);
            json.WriteStartObject("summary");
            json.WriteNumber("total", results.Count);
            json.WriteNumber("passed", results.Count(r => r.Outcome == InteropOutcome.Success));
            json.WriteNumber("failed", results.Count(r => r.IsUnexpectedFailure));
            json.WriteNumber("knownFailures", results.Count(r => r.Outcome == InteropOutcome.Failure && r.KnownFailure is not null));
            json.WriteNumber("notRun", results.Count(r => r.Outcome == InteropOutcome.NotRun));
            json.WriteEndObject();
            json.WriteStartArray("tests");
            foreach (InteropTestResult r in results)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Test.Name);
                json.WriteString("dialer", r.Test.Dialer.Id);
                json.WriteString("listener", r.Test.Listener.Id);
                json.WriteString("transport", r.Test.Transport);
                json.WriteString("security", r.Test.Security);
                json.WriteString("muxer", r.Test.Muxer);
                json.WriteString("outcome", r.Outcome switch { InteropOutcome.Success => "success", InteropOutcome.Failure => "failure", _ => "not-run" });
                json.WriteString("reason", r.Reason);
                json.WriteString("knownFailure", r.KnownFailure);
                WriteNumber(json, "handshakePlusOneRTTMillis", r.HandshakePlusOneRttMillis);
                WriteNumber(json, "pingRTTMillis", r.PingRttMillis);
                json.WriteNumber("durationMillis", Math.Round(r.Duration.TotalMilliseconds, 1));
                WriteNumber(json, "listenerReadyMillis", r.ListenerReady is { } ready ? Math.Round(ready.TotalMilliseconds, 1) : null);
                json.WriteString("listenerAddress", r.ListenerAddress);
                WriteNumber(json, "dialerExitCode", r.DialerExitCode);
                WriteNumber(json, "listenerExitCode", r.ListenerExitCode);
                json.WriteString("dialerLog", r.DialerLog);
                json.WriteString("listenerLog", r.ListenerLog);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
