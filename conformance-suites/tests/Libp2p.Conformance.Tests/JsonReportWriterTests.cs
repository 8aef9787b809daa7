using System.Text.Json;
using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;
using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class JsonReportWriterTests
{
    private static JsonElement Write(ConformanceReport report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Test]
    public void Shape_per_target_per_requirement()
    {
        ConformanceReport report = Report([Req("YAMUX-HDR-001"), Req("YAMUX-FLOW-001", "SHOULD", text: "Respect <the> window.")],
            Result("Version", TestOutcome.Passed, null, "YAMUX-HDR-001"),
            Result("Window", TestOutcome.Failed, "window exceeded", "YAMUX-FLOW-001"),
            Result("Helper", TestOutcome.Passed));
        JsonElement root = Write(report);
        JsonElement target = root.GetProperty("targets")[0];
        JsonElement flow = target.GetProperty("requirements")[1];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(JsonReportWriter.SchemaVersion));
            Assert.That(root.GetProperty("exitCode").GetInt32(), Is.Zero);
            Assert.That(target.GetProperty("id").GetString(), Is.EqualTo("reference"));
            Assert.That(target.GetProperty("summary").GetProperty("mustCoverage").GetDouble(), Is.EqualTo(1.0));
            Assert.That(target.GetProperty("summary").GetProperty("passed").GetInt32(), Is.EqualTo(1));
            Assert.That(target.GetProperty("summary").GetProperty("failed").GetInt32(), Is.EqualTo(1));
            Assert.That(target.GetProperty("requirements")[0].GetProperty("status").GetString(), Is.EqualTo("passed"));
            Assert.That(flow.GetProperty("id").GetString(), Is.EqualTo("YAMUX-FLOW-001"));
            Assert.That(flow.GetProperty("level").GetString(), Is.EqualTo("SHOULD"));
            Assert.That(flow.GetProperty("module").GetString(), Is.EqualTo("yamux"));
            Assert.That(flow.GetProperty("text").GetString(), Is.EqualTo("Respect <the> window."));
            Assert.That(flow.GetProperty("section").GetString(), Is.EqualTo("Framing"));
            Assert.That(flow.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(flow.GetProperty("tests")[0].GetProperty("name").GetString(), Is.EqualTo("Suites.YamuxTests.Window"));
            Assert.That(flow.GetProperty("tests")[0].GetProperty("outcome").GetString(), Is.EqualTo("failed"));
            Assert.That(flow.GetProperty("failures")[0].GetString(), Is.EqualTo("Suites.YamuxTests.Window: window exceeded"));
            Assert.That(target.GetProperty("untaggedTests")[0].GetString(), Is.EqualTo("Suites.YamuxTests.Helper"));
        });
    }

    [Test]
    public void Untested_requirement_is_not_tested_and_unknown_ids_are_listed()
    {
        JsonElement root = Write(Report([Req("YAMUX-HDR-001")], Result("t", TestOutcome.Passed, null, "YAMUX-NOPE-001")));
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("targets")[0].GetProperty("requirements")[0].GetProperty("status").GetString(), Is.EqualTo("not-tested"));
            Assert.That(root.GetProperty("unknownRequirements")[0].GetProperty("id").GetString(), Is.EqualTo("YAMUX-NOPE-001"));
            Assert.That(root.GetProperty("unknownRequirements")[0].GetProperty("tests")[0].GetString(), Is.EqualTo("Suites.YamuxTests.t"));
            Assert.That(root.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
        });
    }

    [TestCase(RequirementStatus.Passed, "passed")]
    [TestCase(RequirementStatus.Failed, "failed")]
    [TestCase(RequirementStatus.NotTested, "not-tested")]
    [TestCase(RequirementStatus.Unsupported, "unsupported")]
    [TestCase(RequirementStatus.NotApplicable, "not-applicable")]
    public void Status_spelling(RequirementStatus status, string text) => Assert.That(status.ToText(), Is.EqualTo(text));
}
