using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class MilestoneTests
{
    [Test]
    public void The_repository_milestones_file_declares_M1_to_M5_and_the_quic_milestones_Q1_to_Q3()
    {
        IReadOnlyList<Milestone> milestones = MilestoneFile.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "perf", "milestones.yaml")));
        Assert.That(milestones.Select(m => m.Id[..2]).Distinct(), Is.EqualTo(new[] { "M1", "M2", "M3", "M4", "M5", "Q1", "Q2", "Q3" }));
        Milestone m1 = milestones.Single(m => m.Id == "M1");
        Assert.Multiple(() =>
        {
            Assert.That(m1.Metric, Is.EqualTo("throughput.dotnet_over_js"));
            Assert.That(m1.Target, Is.EqualTo(3));
            Assert.That(milestones.Single(m => m.Id == "M5b").Target, Is.EqualTo(65536));
            Assert.That(milestones.Single(m => m.Id == "Q1").Metric, Is.EqualTo("throughput.quic-v1.dotnet_over_dotnet_tcp"));
            Assert.That(milestones.Single(m => m.Id == "Q2").Metric, Is.EqualTo("throughput.quic-v1.dotnet_over_js"));
            Assert.That(milestones.Single(m => m.Id == "Q3").Metric, Is.EqualTo("latency.quic-v1.dotnet_over_dotnet_tcp"));
        });
    }

    [Test]
    public void Recorded_current_values_agree_with_their_recorded_status()
    {
        IReadOnlyList<Milestone> milestones = MilestoneFile.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "perf", "milestones.yaml")));
        Assert.Multiple(() =>
        {
            foreach (Milestone m in milestones)
            {
                Assert.That(m.Current, Is.Not.Null, m.Id);
                Assert.That(m.Status, Is.EqualTo(m.Evaluate(m.Current) == true ? "pass" : "fail"), m.Id);
                Assert.That(m.MeasuredIn, Is.Not.Empty, m.Id);
            }
        });
    }

    [Test]
    public void Evaluate_compares_in_the_declared_direction()
    {
        var atLeast = new Milestone { Id = "X", Metric = "m", Comparison = ">=", Target = 2 };
        var atMost = new Milestone { Id = "Y", Metric = "m", Comparison = "<=", Target = 2 };
        Assert.Multiple(() =>
        {
            Assert.That(atLeast.Evaluate(2), Is.True);
            Assert.That(atLeast.Evaluate(1.9), Is.False);
            Assert.That(atMost.Evaluate(2.1), Is.False);
            Assert.That(atMost.Evaluate(null), Is.Null);
        });
    }

    [TestCase("milestones: []")]
    [TestCase("milestones:\n  - id: A\n    metric: x\n    comparison: '>'\n    target: 1")]
    [TestCase("milestones:\n  - id: A\n    metric: x\n  - id: A\n    metric: y")]
    [TestCase("milestones:\n  - id: A\n    title: [unclosed")]
    public void Malformed_files_are_rejected(string yaml) => Assert.Throws<FormatException>(() => MilestoneFile.Parse(yaml));

    internal static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        string? dir = Path.GetDirectoryName(source);
        while (dir is not null && !File.Exists(Path.Combine(dir, "Conformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT") ?? throw new InvalidOperationException("repository root not found");
    }
}
