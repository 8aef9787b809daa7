using System.Text;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class HtmlReportWriterTests
{
    private static string Write(ConformanceReport report)
    {
        using var stream = new MemoryStream();
        HtmlReportWriter.Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Test]
    public void Page_has_summary_and_coverage_table_with_statuses_per_target()
    {
        TaggedTestResult pass = Result("Version", TestOutcome.Passed, null, "YAMUX-HDR-001");
        TaggedTestResult fail = Result("Version", TestOutcome.Failed, "version was 1", "YAMUX-HDR-001");
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001"), Req("MPLEX-HDR-001", module: "mplex")],
            [new TargetRun("reference", [pass], []), new TargetRun("wire:js-v3", [fail], [])], DateTimeOffset.UnixEpoch);
        string html = Write(report);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Contain("id=\"summary\""));
            Assert.That(html, Does.Contain("50.0%"), "MUST coverage of each target: 1 of 2 MUSTs tested");
            Assert.That(html.IndexOf("id=\"summary\"", StringComparison.Ordinal), Is.LessThan(html.IndexOf("id=\"coverage\"", StringComparison.Ordinal)));
            Assert.That(html, Does.Contain("<th>reference</th><th>wire:js-v3</th>"));
            Assert.That(html, Does.Contain("class=\"st passed\""));
            Assert.That(html, Does.Contain("class=\"st failed\""));
            Assert.That(html, Does.Contain("class=\"st not-tested\""));
            Assert.That(html, Does.Contain("<details><summary>failed</summary><pre>Suites.YamuxTests.Version: version was 1</pre>"));
            Assert.That(html, Does.Contain(">mplex</td>"));
        });
    }

    [Test]
    public void Catalog_and_test_text_is_escaped()
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001", text: "Never <script>alert(1)</script> & co.")],
            Result("X", TestOutcome.Failed, "got <img src=x onerror=alert(1)> \"quoted\"", "YAMUX-HDR-001"));
        string html = Write(report);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script"));
            Assert.That(html, Does.Not.Contain("<img"));
            Assert.That(html, Does.Contain("Never &lt;script&gt;alert(1)&lt;/script&gt; &amp; co."));
            Assert.That(html, Does.Contain("got &lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;"));
        });
    }

    [Test]
    public void Page_is_self_contained()
    {
        string html = Write(Report([Req("YAMUX-HDR-001")], Result("X", TestOutcome.Passed, null, "YAMUX-HDR-001")));
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<link"));
            Assert.That(html, Does.Not.Contain("src="));
            Assert.That(html, Does.Not.Contain("url("));
            Assert.That(html, Does.Contain("<style>"));
        });
    }

    [Test]
    public void Unknown_ids_and_errors_are_shown()
    {
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001")],
            [new TargetRun("reference", [Result("t", TestOutcome.Passed, null, "YAMUX-NOPE-001")], ["Muxer: <build> failed"])],
            DateTimeOffset.UnixEpoch);
        string html = Write(report);
        Assert.That(html, Does.Contain("unknown requirement ID <code>YAMUX-NOPE-001</code>").And.Contain("reference: Muxer: &lt;build&gt; failed"));
    }
}
