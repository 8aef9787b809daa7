using Libp2p.Interop.Netns;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// One private network namespace holding both nodes and their Redis, reachable only through its loopback. The process
/// runtime runs every test that involves a browser here (docs/REAL-PEERS.md: the browser always runs inside a
/// namespace); the harness reaches Redis through a Unix socket.
/// </summary>
internal sealed class NamespaceSite : ITestSite
{
    private const string Loopback = "127.0.0.1";
    private readonly NetworkNamespace _namespace;
    private readonly RedisServer _redis;

    private NamespaceSite(NetworkNamespace ns, RedisServer redis)
    {
        _namespace = ns;
        _redis = redis;
    }

    public string NodeRedisAddress => _redis.Address;

    public string HarnessRedisAddress => _redis.HarnessAddress;

    public string ListenIp => Loopback;

    public string? Fault => null;

    public static async Task<ITestSite> StartAsync(string redisExecutable, CancellationToken cancellationToken)
    {
        await NetworkNamespace.RemoveStaleAsync(cancellationToken).ConfigureAwait(false);
        NetworkNamespace ns = await NetworkNamespace.CreateAsync(NetworkNamespace.UniquePrefix(), cancellationToken).ConfigureAwait(false);
        try
        {
            RedisServer redis = await RedisServer.StartAsync(new RedisServerOptions
            {
                Executable = redisExecutable,
                Prefix = ns.ExecPrefix,
                BindAddress = Loopback,
                Port = 6379,
                UnixSocket = true,
            }, cancellationToken).ConfigureAwait(false);
            return new NamespaceSite(ns, redis);
        }
        catch
        {
            await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command, bool isDialer) => _namespace.Wrap(command);

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync().ConfigureAwait(false);
        await _namespace.DisposeAsync().ConfigureAwait(false);
    }
}
