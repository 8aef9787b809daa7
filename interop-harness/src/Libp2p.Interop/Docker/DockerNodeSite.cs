using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Docker;

/// <summary>The node-facing view of a <see cref="DockerSite"/>: test-plans' defaults, <c>redis:6379</c> and <c>ip=0.0.0.0</c>.</summary>
internal sealed class DockerNodeSite(string harnessRedisAddress) : ITestSite
{
    public string NodeRedisAddress => "redis:6379";

    public string HarnessRedisAddress => harnessRedisAddress;

    public string ListenIp => "0.0.0.0";

    public string? Fault => null;

    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer) => command;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
