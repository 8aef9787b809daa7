using System.Diagnostics;
using Libp2p.Core.Multiformats;
using Libp2p.Stack;

namespace Libp2p.Host.Tests;

/// <summary>
/// New secured connections per second over loopback TCP + Noise + yamux (perf milestone M4 measures the sequential
/// case from a separate process; this is the in-process view, sequential and with 16 dials in flight).
/// </summary>
public sealed class ConnectionRateTests
{
    [Test]
    [Explicit("a measurement, not a check: prints connections per second")]
    public async Task MeasureNewSecuredConnectionsPerSecond()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var spec = new StackSpec { Security = ["noise"], Muxers = ["yamux"] };
        await using Node listener = ReferenceStack.CreateNode(spec);
        Multiaddr address = await listener.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cts.Token);
        await using Node dialer = ReferenceStack.CreateNode(spec);
        await (await dialer.DialAsync(address, cts.Token)).DisposeAsync();

        foreach (int parallel in new[] { 1, 16 })
        {
            int count = 0;
            long dialTicks = 0, closeTicks = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(5))
                {
                    long start = Stopwatch.GetTimestamp();
                    UpgradedConnection connection = await dialer.DialAsync(address, cts.Token);
                    long dialed = Stopwatch.GetTimestamp();
                    await connection.DisposeAsync();
                    Interlocked.Add(ref dialTicks, dialed - start);
                    Interlocked.Add(ref closeTicks, Stopwatch.GetTimestamp() - dialed);
                    Interlocked.Increment(ref count);
                }
            }));
            double rate = count / clock.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine($"{parallel} in flight: {count} connections in {clock.Elapsed.TotalSeconds:0.0} s = {rate:0} per s; mean dial {TimeSpan.FromTicks(dialTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency / count).TotalMilliseconds:0.00} ms, mean close {TimeSpan.FromTicks(closeTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency / count).TotalMilliseconds:0.00} ms");
            Assert.That(count, Is.GreaterThan(0));
        }
    }
}
