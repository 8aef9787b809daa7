using Libp2p.Interop.Netns;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Tests;

/// <summary>Link impairment settings and the netns runtime's checks before it builds anything.</summary>
public sealed class NetemOptionsTests
{
    [TestCase(-1, 0.0)]
    [TestCase(60_001, 0.0)]
    [TestCase(0, -0.5)]
    [TestCase(0, 100.0)]
    [TestCase(0, double.NaN)]
    public void Out_of_range_values_are_refused(int delay, double loss)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetemOptions { DelayMs = delay, LossPercent = loss }.Validate());
    }

    [Test]
    public void The_summary_names_both_impairments()
    {
        Assert.That(new NetemOptions().ToString(), Is.EqualTo("none"));
        Assert.That(new NetemOptions { DelayMs = 50, LossPercent = 1.5 }.ToString(), Is.EqualTo("delay 50 ms, loss 1.5 %"));
    }

    [Test]
    public async Task A_missing_delay_helper_is_reported_before_any_namespace_is_made()
    {
        if (NetnsRuntime.Unavailable() is string reason)
        {
            Assert.Ignore(reason);
        }
        await using var runtime = new NetnsRuntime(new ProcessRuntimeOptions { RepoRoot = TestPaths.RepoRoot }, new NetemOptions { DelayMs = 10, DelayHelper = "/nonexistent/nfq-delay" });
        var error = Assert.ThrowsAsync<NetnsException>(async () => await runtime.StartAsync(1));
        Assert.That(error!.Message, Does.Contain("/nonexistent/nfq-delay").And.Contain("install-deps"));
    }
}
