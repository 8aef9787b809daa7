using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Runtime;

/// <summary>The process runtime's site: nodes are plain local processes, Redis is a private loopback <c>redis-server</c>.</summary>
internal sealed class LocalSite(RedisServer redis, string listenIp) : ITestSite
{
    public string NodeRedisAddress => redis.Address;

    public string HarnessRedisAddress => redis.HarnessAddress;

    public string ListenIp => listenIp;

    public string? Fault => null;

    public static async Task<ITestSite> StartAsync(string redisExecutable, string listenIp, CancellationToken cancellationToken) =>
        new LocalSite(await RedisServer.StartAsync(new RedisServerOptions { Executable = redisExecutable }, cancellationToken).ConfigureAwait(false), listenIp);

    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer) => command;

    public ValueTask DisposeAsync() => redis.DisposeAsync();
}
