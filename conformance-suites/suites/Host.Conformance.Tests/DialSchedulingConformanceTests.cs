using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Dialing;
using Libp2p.Host.PeerStore;
using Libp2p.Stack;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>The order and concurrency of dial attempts, observed on a scripted transport (no packets are sent).</summary>
public sealed class DialSchedulingConformanceTests
{
    private static readonly TimeSpan Timeout = HostHarness.Timeout;

    private static Node CreateNode(ScriptedTransport transport, DialerOptions options) =>
        ReferenceStack.CreateBuilder(new StackSpec { Security = ["noise"], Muxers = ["yamux"] }, [transport]).WithDialer(options).Build();

    private static PeerId NewPeer() => PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);

    [Test]
    [Requirement("HOST-DIAL-008")]
    public async Task QuicIsTriedBeforeTcpAndIpv6BeforeIpv4()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var transport = new ScriptedTransport(refuse: false);
        await using Node node = CreateNode(transport, new DialerOptions { PublicAttemptDelay = TimeSpan.FromMilliseconds(50), TotalTimeout = TimeSpan.FromSeconds(2) });
        PeerId peer = NewPeer();
        string[] addresses = ["/ip4/192.0.2.1/tcp/1", "/ip6/2001:db8::1/tcp/1", "/ip4/192.0.2.1/udp/1/quic-v1", "/ip6/2001:db8::1/udp/1/quic-v1"];
        node.PeerStore.AddAddresses(peer, addresses.Select(Multiaddr.Parse), AddressTtl.Temporary);

        Assert.ThrowsAsync<DialFailedException>(async () => await node.ConnectAsync(peer, cts.Token));

        Assert.That(transport.Attempts.Select(a => a.ToString()), Is.EqualTo(new[]
        {
            "/ip6/2001:db8::1/udp/1/quic-v1",
            "/ip4/192.0.2.1/udp/1/quic-v1",
            "/ip6/2001:db8::1/tcp/1",
            "/ip4/192.0.2.1/tcp/1",
        }));
    }

    [Test]
    [Requirement("HOST-DIAL-009")]
    public async Task AFailedAttemptStartsTheNextAtOnce()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var transport = new ScriptedTransport(refuse: true);
        // An hour between attempts: the dial only finishes in time if each failure starts the next address at once.
        await using Node node = CreateNode(transport, new DialerOptions { PublicAttemptDelay = TimeSpan.FromHours(1), TotalTimeout = TimeSpan.FromHours(2) });
        PeerId peer = NewPeer();
        node.PeerStore.AddAddresses(peer, Enumerable.Range(1, 4).Select(i => Multiaddr.Parse($"/ip4/192.0.2.{i}/tcp/1")), AddressTtl.Temporary);

        var failed = Assert.ThrowsAsync<DialFailedException>(async () => await node.ConnectAsync(peer, cts.Token));

        Assert.That(failed!.Errors, Has.Count.EqualTo(4));
        Assert.That(transport.Attempts, Has.Count.EqualTo(4));
    }

    [Test]
    [Requirement("HOST-DIAL-011")]
    public async Task AttemptsPerPeerAreBounded()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var transport = new ScriptedTransport(refuse: false);
        await using Node node = CreateNode(transport, new DialerOptions
        {
            PublicAttemptDelay = TimeSpan.Zero,
            MaxConcurrentDialsPerPeer = 2,
            PerAddressTimeout = TimeSpan.FromMilliseconds(200),
        });
        PeerId peer = NewPeer();
        node.PeerStore.AddAddresses(peer, Enumerable.Range(1, 6).Select(i => Multiaddr.Parse($"/ip4/192.0.2.{i}/tcp/1")), AddressTtl.Temporary);

        var failed = Assert.ThrowsAsync<DialFailedException>(async () => await node.ConnectAsync(peer, cts.Token));

        Assert.That(transport.Attempts, Has.Count.EqualTo(6), "every address was tried in the end");
        Assert.That(transport.MaxInFlight, Is.EqualTo(2));
        Assert.That(failed!.Errors.All(e => e.Value is TimeoutException), Is.True);
    }

    [Test]
    [Requirement("HOST-DIAL-011")]
    public async Task AttemptsOfTheWholeHostAreBounded()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var transport = new ScriptedTransport(refuse: false);
        await using Node node = CreateNode(transport, new DialerOptions
        {
            PublicAttemptDelay = TimeSpan.Zero,
            MaxConcurrentDials = 3,
            PerAddressTimeout = TimeSpan.FromMilliseconds(200),
        });
        PeerId[] peers = [NewPeer(), NewPeer(), NewPeer()];
        for (int p = 0; p < peers.Length; p++)
        {
            node.PeerStore.AddAddresses(peers[p], Enumerable.Range(1, 3).Select(i => Multiaddr.Parse($"/ip4/192.0.2.{(p * 10) + i}/tcp/1")), AddressTtl.Temporary);
        }

        Task[] dials = peers.Select(p => (Task)node.ConnectAsync(p, cts.Token)).ToArray();
        foreach (Task dial in dials)
        {
            Assert.ThrowsAsync<DialFailedException>(async () => await dial);
        }

        Assert.That(transport.MaxInFlight, Is.EqualTo(3));
        Assert.That(transport.Attempts, Has.Count.EqualTo(9));
    }
}
