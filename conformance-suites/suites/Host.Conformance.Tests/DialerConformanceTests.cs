using Libp2p.Conformance;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Dialing;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Ping;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Dialing peers by ID: peer-store addresses, reuse, dedup, fallback, backoff, timeouts, cancellation.</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class DialerConformanceTests(string transport)
{
    private static readonly TimeSpan Timeout = HostHarness.Timeout;

    [Test]
    [Requirement("HOST-DIAL-001")]
    [Requirement("HOST-DIAL-002")]
    public async Task APeerIsDialedOverThePeerStoreAddresses()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);

        Assert.ThrowsAsync<NoAddressesException>(async () => await dialer.ConnectAsync(listener.PeerId, cts.Token));

        dialer.PeerStore.AddAddresses(listener.PeerId, [HostHarness.TransportAddress(listener)], AddressTtl.Temporary);
        UpgradedConnection connection = await dialer.ConnectAsync(listener.PeerId, cts.Token);

        Assert.That(connection.RemotePeer, Is.EqualTo(listener.PeerId));
        Assert.That(connection.Secure.RemotePublicKey, Is.EqualTo(listener.PeerStore.GetPublicKey(listener.PeerId) ?? connection.Secure.RemotePublicKey));
        Assert.That(dialer.IsConnected(listener.PeerId), Is.True);
    }

    [Test]
    [Requirement("HOST-DIAL-004")]
    public async Task AnOpenConnectionIsReusedForConnectsAndStreams()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);

        UpgradedConnection first = await dialer.ConnectAsync(listener.ListenAddresses[0], cts.Token);
        UpgradedConnection second = await dialer.ConnectAsync(listener.PeerId, cts.Token);
        StreamContext stream = await dialer.NewStreamAsync(listener.PeerId, [PingProtocol.Id], cts.Token);
        await PingProtocol.PingOnceAsync(stream.Pipe, cts.Token);
        await stream.Stream.DisposeAsync();

        Assert.That(second, Is.SameAs(first));
        Assert.That(stream.Connection, Is.SameAs(first));
        Assert.That(dialer.ConnectionsTo(listener.PeerId), Has.Count.EqualTo(1));
    }

    [Test]
    [Requirement("HOST-DIAL-005")]
    public async Task ConcurrentDialsToOnePeerShareOneConnection()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        dialer.PeerStore.AddAddresses(listener.PeerId, [HostHarness.TransportAddress(listener)], AddressTtl.Temporary);
        using EventSubscription<PeerConnected> inbound = listener.Events.Subscribe<PeerConnected>();

        UpgradedConnection[] connections = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => dialer.ConnectAsync(listener.PeerId, cts.Token))));

        Assert.That(connections.Distinct().Count(), Is.EqualTo(1));
        await inbound.WaitAsync(e => e.Peer == dialer.PeerId, Timeout, cts.Token);
        Assert.That(listener.ConnectionsTo(dialer.PeerId), Has.Count.EqualTo(1), "the listener saw one connection");
    }

    [Test]
    [Requirement("HOST-DIAL-006")]
    [Requirement("HOST-DIAL-009")]
    public async Task ADeadAddressFallsThroughToALiveOne()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node listener = await harness.StartAsync(cancellationToken: cts.Token);
        // An hour between attempts: only "start the next at once after a failure" gets to the live address in time.
        var recording = new RecordingTransport(harness.RawTransport);
        Node dialer = await harness.StartAsync(b => b.WithDialer(new DialerOptions { PrivateAttemptDelay = TimeSpan.FromHours(1), PublicAttemptDelay = TimeSpan.FromHours(1) }), listen: false, cancellationToken: cts.Token, transport: recording);
        Multiaddr dead = await harness.DeadAddressAsync(cts.Token);
        Multiaddr live = HostHarness.TransportAddress(listener);
        // The peer store lists longer-lived addresses first, so the dead one is ranked first.
        dialer.PeerStore.AddAddresses(listener.PeerId, [dead], AddressTtl.RecentlyConnected);
        dialer.PeerStore.AddAddresses(listener.PeerId, [live], AddressTtl.Temporary);

        UpgradedConnection connection = await dialer.ConnectAsync(listener.PeerId, cts.Token);

        Assert.That(connection.Raw.RemoteAddress, Is.EqualTo(live));
        Assert.That(recording.Dialed, Is.EqualTo(new[] { dead, live }), "the dead address was tried first, then the live one at once");
        Assert.That(dialer.DialBackoff.IsBackedOff(listener.PeerId, dead), Is.False, "a successful connection clears the peer's backoff");
    }

    [Test]
    [Requirement("HOST-DIAL-006")]
    [Requirement("HOST-DIAL-010")]
    public async Task WhenEveryAddressFailsEachErrorIsReportedAndTheAddressesAreBackedOff()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        PeerId absent = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        Multiaddr[] dead = [await harness.DeadAddressAsync(cts.Token), await harness.DeadAddressAsync(cts.Token)];
        dialer.PeerStore.AddAddresses(absent, dead, AddressTtl.Temporary);

        var failed = Assert.ThrowsAsync<DialFailedException>(async () => await dialer.ConnectAsync(absent, cts.Token));

        Assert.That(failed!.Errors.Select(e => e.Key), Is.EquivalentTo(dead));
        Assert.That(dead.All(a => dialer.DialBackoff.IsBackedOff(absent, a)), Is.True);
        var backedOff = Assert.ThrowsAsync<DialBackoffException>(async () => await dialer.ConnectAsync(absent, cts.Token));
        Assert.That(backedOff!.Until, Is.GreaterThan(DateTimeOffset.UtcNow));
    }

    [Test]
    [Requirement("HOST-DIAL-007")]
    public async Task AHostRefusesToDialItself()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node node = await harness.StartAsync(cancellationToken: cts.Token);

        Assert.ThrowsAsync<SelfDialException>(async () => await node.ConnectAsync(node.PeerId, cts.Token));
        Assert.ThrowsAsync<SelfDialException>(async () => await node.DialAsync(node.ListenAddresses[0], cts.Token));
        Assert.ThrowsAsync<SelfDialException>(async () => await node.DialAsync(HostHarness.TransportAddress(node), cts.Token), "an address without /p2p that leads back to us");
        Assert.That(node.ConnectionCount, Is.Zero);
    }

    [Test]
    [Requirement("HOST-DIAL-012")]
    public async Task AnAddressThatNeverAnswersTimesOut()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(b => b.WithDialer(new DialerOptions { PerAddressTimeout = TimeSpan.FromMilliseconds(500) }), listen: false, cancellationToken: cts.Token);
        PeerId silentPeer = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        dialer.PeerStore.AddAddresses(silentPeer, [await harness.SilentAddressAsync(cts.Token)], AddressTtl.Temporary);

        var failed = Assert.ThrowsAsync<DialFailedException>(async () => await dialer.ConnectAsync(silentPeer, cts.Token));

        Assert.That(failed!.Errors.Single().Value, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    [Requirement("HOST-DIAL-012")]
    public async Task ATotalTimeoutBoundsTheWholeDial()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(b => b.WithDialer(new DialerOptions { TotalTimeout = TimeSpan.FromMilliseconds(500) }), listen: false, cancellationToken: cts.Token);
        PeerId silentPeer = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        dialer.PeerStore.AddAddresses(silentPeer, [await harness.SilentAddressAsync(cts.Token)], AddressTtl.Temporary);

        var failed = Assert.ThrowsAsync<DialFailedException>(async () => await dialer.ConnectAsync(silentPeer, cts.Token));

        Assert.That(failed!.Errors.Any(e => e.Value is TimeoutException), Is.True, failed.Message);
    }

    [Test]
    [Requirement("HOST-DIAL-012")]
    public async Task CancellingTheOnlyCallerAbandonsTheDial()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        PeerId silentPeer = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        dialer.PeerStore.AddAddresses(silentPeer, [await harness.SilentAddressAsync(cts.Token)], AddressTtl.Temporary);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        Task<UpgradedConnection> dial = dialer.ConnectAsync(silentPeer, caller.Token);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.CatchAsync<OperationCanceledException>(async () => await dial);
        Assert.That(dialer.DialBackoff.Count, Is.Zero, "a cancelled attempt is not a failure of the address");
    }

    [Test]
    [Requirement("HOST-CLOSE-001")]
    public async Task StoppingTheHostEndsItsPendingDials()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var harness = new HostHarness(transport);
        Node dialer = await harness.StartAsync(listen: false, cancellationToken: cts.Token);
        PeerId silentPeer = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        dialer.PeerStore.AddAddresses(silentPeer, [await harness.SilentAddressAsync(cts.Token)], AddressTtl.Temporary);

        Task<UpgradedConnection> dial = dialer.ConnectAsync(silentPeer, cts.Token);
        await dialer.DisposeAsync().AsTask().WaitAsync(Timeout, cts.Token);

        Assert.CatchAsync<OperationCanceledException>(async () => await dial.WaitAsync(Timeout, cts.Token));
    }
}
