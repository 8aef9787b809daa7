using System.Text.Json;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Protocols.Echo;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;

namespace Libp2p.Interop.Js.Tests;

/// <summary>
/// The reference stack against js-libp2p v3 in both directions, for every transport x security x muxer
/// combination: connect, ping, 64 concurrent echo streams of 1 MiB each verified byte for byte, clean close.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JsPeerInteropTests
{
    private const int EchoStreams = 64;
    private const int EchoBytes = 1 << 20;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private static IEnumerable<TestCaseData> Combinations() =>
        StackCombination.All().Select(c => new TestCaseData(c).SetArgDisplayNames(c.ToString()));

    [TestCaseSource(nameof(Combinations))]
    public async Task JsDialerToOurListener(StackCombination combination)
    {
        await using Node node = ReferenceStack.CreateNode(combination.Spec());
        Multiaddr bound = await node.ListenAsync(Multiaddr.Parse(combination.ListenAddress));

        await using JsNode js = JsNode.Start(
        [
            "--dial", bound.ToString(), .. combination.JsArgs(),
            "--ping-count", "3", "--echo-streams", EchoStreams.ToString(), "--echo-bytes", EchoBytes.ToString(),
        ]);
        int exit = await js.WaitExitAsync(RunTimeout);

        Assert.That(exit, Is.EqualTo(0), $"js dialer failed; stderr:\n{js.Stderr}");
        IReadOnlyList<JsonElement> events = js.Events;
        JsonElement connected = events.Single(e => e.GetProperty("event").GetString() == "connected");
        Assert.Multiple(() =>
        {
            Assert.That(connected.GetProperty("security").GetString(), Does.Contain(combination.Security));
            Assert.That(connected.GetProperty("muxer").GetString(), Does.Contain(combination.Muxer));
            Assert.That(events.Count(e => e.GetProperty("event").GetString() == "ping"), Is.EqualTo(3));
            JsonElement echo = events.Single(e => e.GetProperty("event").GetString() == "echo");
            Assert.That(echo.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(echo.GetProperty("streams").GetInt32(), Is.EqualTo(EchoStreams));
        });
    }

    [TestCaseSource(nameof(Combinations))]
    public async Task OurDialerToJsListener(StackCombination combination)
    {
        await using JsNode js = JsNode.Start(["--listen", combination.ListenAddress, .. combination.JsArgs()]);
        await js.WaitReadyAsync(TimeSpan.FromSeconds(30));
        string address = js.Addresses.First(a => a.Contains("/127.0.0.1/", StringComparison.Ordinal));

        await using Node node = ReferenceStack.CreateNode(combination.Spec());
        using var timeout = new CancellationTokenSource(RunTimeout);
        UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(address), timeout.Token);
        Assert.Multiple(() =>
        {
            Assert.That(connection.SecurityProtocol, Does.Contain(combination.Security));
            Assert.That(connection.MuxerProtocol, Does.Contain(combination.Muxer));
            Assert.That(connection.RemotePeer.ToString(), Is.EqualTo(address[(address.LastIndexOf('/') + 1)..]));
        });

        StreamContext ping = await node.NewStreamAsync(connection, [PingProtocol.Id], timeout.Token);
        for (int i = 0; i < 3; i++)
        {
            TimeSpan rtt = await PingProtocol.PingOnceAsync(ping.Pipe, timeout.Token);
            Assert.That(rtt, Is.GreaterThan(TimeSpan.Zero));
        }
        await ping.Pipe.Output.CompleteAsync();
        await ping.Stream.DisposeAsync();

        long[] verified = await Task.WhenAll(Enumerable.Range(0, EchoStreams).Select(async i =>
        {
            StreamContext echo = await node.NewStreamAsync(connection, [EchoProtocol.Id], timeout.Token);
            await using (echo.Stream)
            {
                return await EchoProtocol.RoundTripAsync(echo.Pipe, EchoBytes, seed: i + 1, timeout.Token);
            }
        }));
        Assert.That(verified, Is.All.EqualTo(EchoBytes));

        await connection.DisposeAsync();
        Assert.That(connection.Muxer.Completion.IsCompleted, Is.True, "the muxer session ends on a clean close");
    }
}
