using System.Diagnostics;

namespace Libp2p.Interop.Redis;

/// <summary>Connects to Redis, retrying until a deadline: in test-plans, nodes may start before Redis accepts connections.</summary>
public static class RespConnector
{
    /// <summary>Connects to <paramref name="address"/>, retrying every 200 ms for up to <paramref name="patience"/>.</summary>
    public static async Task<RespClient> ConnectAsync(string address, TimeSpan patience, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                RespClient client = await RespClient.ConnectAsync(address, new RespClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5) }, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (await client.PingAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return client;
                    }
                }
                catch (RespException)
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
                await client.DisposeAsync().ConfigureAwait(false);
            }
            catch (RespException) when (clock.Elapsed + TimeSpan.FromMilliseconds(200) < patience)
            {
                // Redis not up yet; try again shortly.
            }
            if (clock.Elapsed >= patience)
            {
                throw new RespException($"Redis at {address} not reachable within {patience.TotalSeconds:0} s");
            }
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }
}
