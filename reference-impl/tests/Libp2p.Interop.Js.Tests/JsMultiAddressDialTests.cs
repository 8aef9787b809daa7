using System.Diagnostics;
using System.Text.Json;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Host;
using Libp2p.Host.Events;
using Libp2p.Stack;
using Libp2p.Transports.Tcp;

namespace Libp2p.Interop.Js.Tests;

/// <summary>
/// js-libp2p v3 dials our host by peer ID, knowing several addresses of it of which one is dead
/// (containers/js-node/multiaddr-dial-peer.mjs): the dial must land on a live address, identify and ping must work,
/// and js must end up with one connection.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class JsMultiAddressDialTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private static async Task<Multiaddr> DeadAddressAsync()
    {
        IConnectionListener listener = await new TcpTransport().ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Multiaddr address = listener.LocalAddress;
        await listener.DisposeAsync();
        return address;
    }

    private static async Task<(int Exit, JsonElement? Result, string Stderr)> RunJsDialerAsync(IEnumerable<Multiaddr> addresses)
    {
        JsNode.RequireInstalled();
        var psi = new ProcessStartInfo(JsNode.NodeBinary)
        {
            WorkingDirectory = JsNode.JsNodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("multiaddr-dial-peer.mjs");
        foreach (Multiaddr address in addresses)
        {
            psi.ArgumentList.Add(address.ToString());
        }
        using var process = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            string line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
            JsonElement? result = line.StartsWith('{') ? JsonDocument.Parse(line).RootElement.Clone() : null;
            return (process.ExitCode, result, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public async Task AJsNodeWithSeveralAddressesOneDeadReachesUs()
    {
        await using Node node = ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] });
        Multiaddr first = await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Multiaddr second = await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Multiaddr dead = (await DeadAddressAsync()).Encapsulate("/p2p/" + node.PeerId);
        using EventSubscription<PeerConnected> connected = node.Events.Subscribe<PeerConnected>();
        using EventSubscription<IdentifyCompleted> identified = node.Events.Subscribe<IdentifyCompleted>();

        (int exit, JsonElement? result, string stderr) = await RunJsDialerAsync([dead, first, second]);

        Assert.That(exit, Is.EqualTo(0), $"js dialer failed; stderr:\n{stderr}");
        JsonElement dialed = result!.Value;
        string remoteAddr = dialed.GetProperty("remoteAddr").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(dialed.GetProperty("event").GetString(), Is.EqualTo("dialed"));
            Assert.That(dialed.GetProperty("remotePeer").GetString(), Is.EqualTo(node.PeerId.ToString()));
            Assert.That(new[] { first, second }.Any(a => remoteAddr.StartsWith(a.DecapsulateCode(421).ToString(), StringComparison.Ordinal)), Is.True, $"js connected over {remoteAddr}, a live address");
            Assert.That(dialed.GetProperty("rttMs").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(dialed.GetProperty("connections").GetInt32(), Is.EqualTo(1), "one connection, however many addresses js knew");
        });
        PeerConnected inbound = await connected.WaitAsync(e => e.Inbound, RunTimeout);
        IdentifyCompleted identify = await identified.WaitAsync(e => e.Peer == inbound.Peer, RunTimeout);
        Assert.That(identify.AgentVersion, Does.Contain("libp2p"));
    }

    [Test]
    public async Task AJsNodeWithOnlyADeadAddressFailsAndReachesNobody()
    {
        await using Node node = ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] });
        await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        Multiaddr dead = (await DeadAddressAsync()).Encapsulate("/p2p/" + node.PeerId);

        (int exit, JsonElement? result, _) = await RunJsDialerAsync([dead]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(result?.GetProperty("event").GetString(), Is.EqualTo("error"));
        Assert.That(node.ConnectionCount, Is.Zero);
    }
}
