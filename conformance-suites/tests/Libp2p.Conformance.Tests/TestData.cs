using Libp2p.Conformance.Reporting;
using Libp2p.Conformance.Results;

namespace Libp2p.Conformance.Tests;

/// <summary>Small catalogs and results for report tests.</summary>
internal static class TestData
{
    public static Requirement Req(string id, string level = "MUST", string module = "yamux", string text = "A requirement.") =>
        new(id, level, module, text, "Framing", "libp2p/specs yamux/README.md");

    public static TaggedTestResult Result(string test, TestOutcome outcome, string? message = null, params string[] ids) =>
        new(new TestResultRecord("Suites.YamuxTests", test, RequirementTagIndex.StripArguments(test), outcome, message,
            outcome == TestOutcome.Failed ? "   at Suites.YamuxTests." + test + "()" : null,
            TimeSpan.FromMilliseconds(12), "/tmp/Suites.dll"), ids);

    public static ConformanceReport Report(IReadOnlyList<Requirement> catalog, params TaggedTestResult[] results) =>
        ReportBuilder.Build(catalog, [new TargetRun("reference", results, [])], new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public static string RepoRoot { get; } = typeof(TestData).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .OfType<System.Reflection.AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepoRoot").Value!;

    public static string FixturePath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);
}
