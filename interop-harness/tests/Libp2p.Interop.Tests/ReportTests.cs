using System.Text.Json;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Reports;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Tests;

public sealed class ReportTests
{
    private static readonly Implementation A = MatrixGeneratorTests.Impl("a", [new("tcp")], ["noise"], ["yamux"]);
    private static readonly Implementation B = MatrixGeneratorTests.Impl("b", [new("tcp")], ["noise"], ["yamux"]);
    private static readonly Implementation D = MatrixGeneratorTests.Impl("d<x>", [new("quic-v1")], [], []);

    private static readonly InteropTestResult[] Results =
    [
        new() { Test = new(A, A, "tcp", "noise", "yamux"), Outcome = InteropOutcome.Success, HandshakePlusOneRttMillis = 12.5, PingRttMillis = 0.5, Duration = TimeSpan.FromSeconds(2) },
        new() { Test = new(A, B, "tcp", "noise", "yamux"), Outcome = InteropOutcome.Failure, Reason = "listener never published its address within 5 s" },
        new() { Test = new(B, A, "tcp", "noise", "yamux"), Outcome = InteropOutcome.Failure, Reason = "dialer exited with code 1", KnownFailure = "tracked upstream" },
        new() { Test = new(D, D, "quic-v1", null, null), Outcome = InteropOutcome.NotRun, Reason = "not run: no Docker engine" },
    ];

    [Test]
    public void Csv_lists_tests_that_ran_and_parses_back()
    {
        string csv = ResultsCsv.Render(Results);
        Assert.That(csv, Does.StartWith("name,outcome\n"));
        Assert.That(ResultsCsv.Parse(csv + csv), Is.EqualTo(new[]
        {
            ("a x a (tcp, noise, yamux)", "success"), ("a x b (tcp, noise, yamux)", "failure"), ("b x a (tcp, noise, yamux)", "failure"),
            ("a x a (tcp, noise, yamux)", "success"), ("a x b (tcp, noise, yamux)", "failure"), ("b x a (tcp, noise, yamux)", "failure"),
        }));
    }

    [Test]
    public void Markdown_has_one_upstream_table_per_option_tuple()
    {
        string[] lines = MatrixMarkdown.Render(Results).Split('\n');
        int header = Array.IndexOf(lines, "## Using: tcp, noise, yamux");
        Assert.That(header, Is.GreaterThanOrEqualTo(0));
        Assert.That(lines[header + 2], Is.EqualTo($"| {MatrixMarkdown.Corner} | a | b |"));
        Assert.That(lines[header + 4], Is.EqualTo("| a | :green_circle: | :red_circle: |"));
        Assert.That(lines[header + 5], Is.EqualTo("| b | :yellow_circle: | :white_circle: |"));
        Assert.That(lines, Does.Contain("## Using: quic-v1"));
        Assert.That(lines, Does.Contain("| d<x> | :white_circle: |"));
        Assert.That(lines, Does.Contain("- not run: no Docker engine: 1 test(s)"));
        Assert.That(lines, Does.Contain("## Mark all errors as known"));
    }

    [Test]
    public void Json_carries_outcomes_reasons_and_timings()
    {
        using JsonDocument json = JsonDocument.Parse(ResultsJson.Render(Results, "process", DateTimeOffset.UnixEpoch));
        JsonElement summary = json.RootElement.GetProperty("summary");
        Assert.That((summary.GetProperty("total").GetInt32(), summary.GetProperty("passed").GetInt32(), summary.GetProperty("failed").GetInt32(),
            summary.GetProperty("knownFailures").GetInt32(), summary.GetProperty("notRun").GetInt32()), Is.EqualTo((4, 1, 1, 1, 1)));
        JsonElement[] tests = json.RootElement.GetProperty("tests").EnumerateArray().ToArray();
        Assert.That(tests[0].GetProperty("handshakePlusOneRTTMillis").GetDouble(), Is.EqualTo(12.5));
        Assert.That(tests[1].GetProperty("reason").GetString(), Does.Contain("never published"));
        Assert.That(tests[3].GetProperty("outcome").GetString(), Is.EqualTo("not-run"));
        Assert.That(tests[3].GetProperty("security").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Html_is_self_contained_coloured_and_encoded()
    {
        string html = HtmlReport.Render(Results, "process", DateTimeOffset.UnixEpoch);
        Assert.That(html, Does.Contain("<td class=\"pass\"").And.Contain("<td class=\"fail\"").And.Contain("<td class=\"known\"").And.Contain("<td class=\"notrun\""));
        Assert.That(html, Does.Contain("12.5 / 0.5"));
        Assert.That(html, Does.Contain("d&lt;x&gt;").And.Not.Contain("<th>d<x>"));
        Assert.That(html, Does.Contain("title=\"a x b (tcp, noise, yamux)&#10;listener never published"));
        Assert.That(html, Does.Not.Contain("<script src").And.Not.Contain("<link"));
    }

    [Test]
    public void Known_failures_load_and_match_by_regex()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "knownFailures:\n  - pattern: '^js-v3 x dotnet \\(ws'\n    reason: issue 42\n");
            KnownFailures known = KnownFailures.Load(path);
            Assert.That(known.Match("js-v3 x dotnet (ws, noise, yamux)"), Is.EqualTo("issue 42"));
            Assert.That(known.Match("dotnet x js-v3 (ws, noise, yamux)"), Is.Null);
            File.WriteAllText(path, "knownFailures:\n  - pattern: '(unclosed'\n");
            Assert.Throws<Libp2p.Interop.Node.InteropConfigurationException>(() => KnownFailures.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.That(KnownFailures.Load("/nonexistent/known.yaml").Patterns, Is.Empty);
    }
}
