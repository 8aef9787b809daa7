using System.Diagnostics;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Ping;

namespace Libp2p.Perf.Runner;

/// <summary>Result of <see cref="ConnectionScale.OpenIdleAsync"/>.</summary>
/// <param name="Connections">Connections opened and held.</param>
/// <param name="Answered">Of those, connections whose ping came back.</param>
/// <param name="ClientManagedBytesPerConnection">Managed heap growth of this process per connection.</param>
/// <param name="ClientRssBytesPerConnection">Resident set growth of this process per connection.</param>
/// <param name="ServerRssBytesPerConnection">Resident set growth of the server process per connection.</param>
public sealed record IdleConnectionsResult(int Connections, int Answered, double ClientManagedBytesPerConnection, double ClientRssBytesPerConnection, double ServerRssBytesPerConnection);

/// <summary>
/// Connection-count and handshake-rate measurements against a perf server in another process (issue 4 "Memory",
/// issue 7 M4/M5): new secured connections per second, idle cost per connection, and many concurrent connections
/// each answering a ping.
/// </summary>
public static class ConnectionScale
{
    /// <summary>Dials and closes TCP + Noise + yamux connections one after another for <paramref name="duration"/>; returns connections per second.</summary>
    public static async Task<double> ConnectionsPerSecondAsync(Multiaddr server, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using Node client = Libp2p.Stack.ReferenceStack.CreateNode(PerfNode.Spec(null));
        // Warm-up: the first handshake pays for JIT compilation.
        await (await client.DialAsync(server, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        int count = 0;
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            UpgradedConnection connection = await client.DialAsync(server, cancellationToken).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            count++;
        }
        return count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections to <paramref name="server"/> (process <paramref name="serverPid"/>),
    /// measures the memory growth of both processes per connection while idle, then pings over every connection at once.
    /// </summary>
    public static async Task<IdleConnectionsResult> OpenIdleAsync(Multiaddr server, int serverPid, int count, CancellationToken cancellationToken = default)
    {
        await using Node client = Libp2p.Stack.ReferenceStack.CreateNode(PerfNode.Spec(null));
        await (await client.DialAsync(server, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long rssBefore = ReadRss(Environment.ProcessId);
        long serverBefore = ReadRss(serverPid);
        var connections = new UpgradedConnection[count];
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                connections[i] = await client.DialAsync(server, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        // Let both sides settle (buffers returned to pools, handshake garbage collected) before reading memory.
        await Task.Delay(1000, cancellationToken).ConfigureAwait(false);
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        long rssAfter = ReadRss(Environment.ProcessId);
        long serverAfter = ReadRss(serverPid);
        int answered = 0;
        await Task.WhenAll(connections.Select(async connection =>
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(TimeSpan.FromSeconds(30));
                StreamContext stream = await client.NewStreamAsync(connection, [PingProtocol.Id], limit.Token).ConfigureAwait(false);
                await PingProtocol.PingOnceAsync(stream.Pipe, limit.Token).ConfigureAwait(false);
                await stream.Pipe.Output.CompleteAsync().ConfigureAwait(false);
                Interlocked.Increment(ref answered);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Counted as not answered.
            }
        })).ConfigureAwait(false);
        foreach (UpgradedConnection connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        return new IdleConnectionsResult(count, answered,
            (double)(managedAfter - managedBefore) / count,
            (double)(rssAfter - rssBefore) / count,
            (double)(serverAfter - serverBefore) / count);
    }

    /// <summary>Resident set size of a process from <c>/proc/&lt;pid&gt;/status</c> (VmRSS), in bytes; 0 when unavailable.</summary>
    public static long ReadRss(int pid)
    {
        string path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return 0;
        }
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }
}
