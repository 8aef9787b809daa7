using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using Libp2p.Interop.Redis;

namespace Libp2p.Interop.Docker;

/// <summary>
/// One worker's private Docker network with a Redis container under the alias <c>redis</c>, so nodes use test-plans'
/// default <c>redis_addr</c> (<c>redis:6379</c>); the harness reaches it through a loopback port mapping.
/// </summary>
internal sealed class DockerSite : IAsyncDisposable
{
    private DockerSite(INetwork network, IContainer redis, string harnessAddress)
    {
        Network = network;
        Redis = redis;
        HarnessRedisAddress = harnessAddress;
    }

    public INetwork Network { get; }

    public IContainer Redis { get; }

    public string HarnessRedisAddress { get; }

    public static async Task<DockerSite> StartAsync(DockerRuntimeOptions options, CancellationToken cancellationToken)
    {
        INetwork network = new NetworkBuilder().WithName($"lp2p-interop-{Guid.NewGuid():N}").Build();
        await network.CreateAsync(cancellationToken).ConfigureAwait(false);
        IContainer? redis = null;
        try
        {
            redis = new ContainerBuilder(options.RedisImage)
                .WithNetwork(network)
                .WithNetworkAliases("redis")
                .WithEnvironment("REDIS_ARGS", "--loglevel warning")
                .WithPortBinding(6379, assignRandomHostPort: true)
                .Build();
            await redis.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = $"{redis.Hostname}:{redis.GetMappedPublicPort(6379)}";
            await using (RespClient ready = await RespConnector.ConnectAsync(address, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
            }
            return new DockerSite(network, redis, address);
        }
        catch
        {
            if (redis is not null)
            {
                await redis.DisposeAsync().ConfigureAwait(false);
            }
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync().ConfigureAwait(false);
        await Network.DeleteAsync(CancellationToken.None).ConfigureAwait(false);
        await Network.DisposeAsync().ConfigureAwait(false);
    }
}
