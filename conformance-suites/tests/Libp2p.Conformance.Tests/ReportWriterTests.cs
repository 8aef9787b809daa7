using System.Text.Json;
using System.Xml.Linq;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class ReportWriterTests
{
    [Test]
    public void Writes_three_parseable_files_from_a_real_trx()
    {
        // End to end: the real TRX fixture, tagged through the sample suites' attributes by class name.
        IReadOnlyList<TestResultRecord> results = TrxParser.ParseFile(FixturePath("nunit-probe.trx"));
        Dictionary<string, string[]> tags = new(StringComparer.Ordinal)
        {
            ["Version_is_zero"] = ["YAMUX-HDR-001"],
            ["Window_is_respected"] = ["YAMUX-FLOW-001"],
        };
        TaggedTestResult[] tagged = [.. results.Select(r => new TaggedTestResult(r, tags.GetValueOrDefault(r.MethodName, [])))];
        ConformanceReport report = ReportBuilder.Build([Req("YAMUX-HDR-001"), Req("YAMUX-FLOW-001")],
            [new TargetRun("reference", tagged, [])], DateTimeOffset.UnixEpoch);
        string dir = Path.Combine(Path.GetTempPath(), "conformance-report-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string html = ReportWriter.WriteAll(report, dir);
            Assert.Multiple(() =>
            {
                Assert.That(html, Is.EqualTo(Path.Combine(dir, HtmlReportWriter.FileName)));
                Assert.That(File.ReadAllText(html), Does.Contain("id=\"coverage\""));
                Assert.That((int)XDocument.Load(Path.Combine(dir, JUnitReportWriter.FileName)).Root!.Attribute("tests")!, Is.EqualTo(14));
                using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, JsonReportWriter.FileName)));
                JsonElement requirements = json.RootElement.GetProperty("targets")[0].GetProperty("requirements");
                Assert.That(requirements[0].GetProperty("status").GetString(), Is.EqualTo("passed"));
                Assert.That(requirements[1].GetProperty("status").GetString(), Is.EqualTo("failed"));
                Assert.That(json.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
                Assert.That(Directory.GetFiles(dir, "*.tmp"), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
