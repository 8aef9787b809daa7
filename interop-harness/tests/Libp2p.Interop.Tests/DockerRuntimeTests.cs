using Libp2p.Interop.Docker;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Tests;

/// <summary>
/// The docker runtime against a real engine: our node image (containers/dotnet/Dockerfile) paired with itself, and a
/// listener image that exits at once. Ignored, with that reason, where no Docker engine is reachable.
/// </summary>
[NonParallelizable]
public sealed class DockerRuntimeTests
{
    [SetUp]
    public void RequireEngine()
    {
        if (DockerEngine.Unreachable is string reason)
        {
            Assert.Ignore(reason);
        }
    }

    [Test]
    public async Task Our_node_image_passes_against_itself_on_a_private_network()
    {
        var dotnet = new Implementation
        {
            Id = "dotnet",
            Runtime = RuntimeKinds.Docker,
            Dockerfile = "containers/dotnet/Dockerfile",
            Transports = [new("tcp")],
            SecureChannels = ["noise"],
            Muxers = ["yamux"],
        };
        InteropTestResult result = await RunAsync(new InteropTest(dotnet, dotnet, "tcp", "noise", "yamux"));
        Assert.That(result.Outcome, Is.EqualTo(InteropOutcome.Success), result.Reason);
        Assert.That(result.PingRttMillis, Is.GreaterThan(0));
        Assert.That(result.ListenerAddress, Does.Contain("/tcp/").And.Contain("/p2p/").And.Not.Contain("0.0.0.0"));
    }

    [Test]
    public async Task A_listener_container_that_exits_at_once_is_red_with_the_reason()
    {
        var exits = new Implementation { Id = "exits", Runtime = RuntimeKinds.Docker, Image = "alpine:3.20", Transports = [new("tcp")], SecureChannels = ["noise"], Muxers = ["yamux"] };
        var dotnet = exits with { Id = "dotnet", Image = null, Dockerfile = "containers/dotnet/Dockerfile" };
        InteropTestResult result = await RunAsync(new InteropTest(dotnet, exits, "tcp", "noise", "yamux"));
        Assert.That(result.Outcome, Is.EqualTo(InteropOutcome.Failure));
        Assert.That(result.Reason, Does.Contain("listener crashed before publishing"));
    }

    private static async Task<InteropTestResult> RunAsync(InteropTest test)
    {
        await using var runtime = new DockerRuntime(new DockerRuntimeOptions { RepoRoot = TestPaths.RepoRoot });
        Assert.That(runtime.CannotRun(test.Dialer), Is.Null);
        Assert.That(runtime.CannotRun(test.Listener), Is.Null);
        IReadOnlyList<InteropTestResult> results = await new InteropRunner(runtime, KnownFailures.None)
            .RunAsync([test], new InteropRunOptions { Workers = 1, Timeout = TimeSpan.FromSeconds(120) });
        return results.Single();
    }
}
