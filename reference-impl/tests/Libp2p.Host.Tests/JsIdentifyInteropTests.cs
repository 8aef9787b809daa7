using System.Text.Json;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Events;
using Libp2p.Host.PeerStore;
using Libp2p.Protocols.Identify;
using Libp2p.Stack;

namespace Libp2p.Host.Tests;

/// <summary>Identify and identify/push against js-libp2p v3 (@libp2p/identify), both directions, every field checked.</summary>
[TestFixture]
[NonParallelizable]
public sealed class JsIdentifyInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Multiaddr WithoutPeer(Multiaddr a) => a.Components.Any(c => c.Code == 421) ? a.DecapsulateCode(421) : a;

    [Test]
    public async Task WeIdentifyJsAndJsIdentifiesUs()
    {
        await using JsIdentifyPeer js = await JsIdentifyPeer.StartAsync(Timeout);
        await using Node node = ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] });
        Multiaddr ourListen = WithoutPeer(await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")));
        using var cts = new CancellationTokenSource(Timeout);

        UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(js.Address), cts.Token);
        IdentifyInfo info = await node.Identify!.IdentifyAsync(connection, cts.Token);

        Multiaddr jsListen = WithoutPeer(Multiaddr.Parse(js.Address));
        Assert.Multiple(() =>
        {
            Assert.That(info.PeerId.ToString(), Is.EqualTo(js.Address[(js.Address.LastIndexOf('/') + 1)..]));
            Assert.That(info.AgentVersion, Does.StartWith("js-libp2p/"));
            Assert.That(info.ProtocolVersion, Is.EqualTo("ipfs/0.1.0"));
            Assert.That(info.Protocols, Is.SupersetOf(new[] { IdentifyProtocol.Id, IdentifyProtocol.PushId, "/ipfs/ping/1.0.0" }));
            Assert.That(info.ListenAddresses, Is.EqualTo(new[] { jsListen }));
            Assert.That(info.SignedPeerRecordVerified, Is.True, info.SignedPeerRecordError);
            Assert.That(info.SignedPeerRecord!.Addresses, Is.EqualTo(new[] { jsListen }));
            Assert.That(WithoutPeer(info.ObservedAddress!), Is.EqualTo(connection.Raw.LocalAddress));
            Assert.That(node.PeerStore.GetAddresses(info.PeerId).Single().Certified, Is.True);
            Assert.That(node.PeerStore.GetMetadata(info.PeerId, MemoryPeerStore.AgentVersionKey), Is.EqualTo(info.AgentVersion));
        });

        // js's view of us: its identify result and its peer store.
        JsonElement seen = await js.WaitEventAsync("identify", e => e.GetProperty("peerId").GetString() == node.PeerId.ToString(), Timeout);
        await js.SendAsync($"peer {node.PeerId}");
        JsonElement stored = await js.WaitEventAsync("peer", e => e.GetProperty("peerId").GetString() == node.PeerId.ToString(), Timeout);
        AssertJsSawUs(seen, stored, node, ourListen, connection.Raw.RemoteAddress, connection.Raw.LocalAddress);
    }

    [Test]
    public async Task JsDialsUsAndBothSidesIdentify()
    {
        await using JsIdentifyPeer js = await JsIdentifyPeer.StartAsync(Timeout);
        await using Node node = ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] });
        using EventSubscription<IdentifyCompleted> completed = node.Events.Subscribe<IdentifyCompleted>();
        Multiaddr bound = await node.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));

        await js.SendAsync($"dial {bound}");
        IdentifyCompleted ours = await completed.WaitAsync(e => !e.IsPush, Timeout);
        JsonElement seen = await js.WaitEventAsync("identify", e => e.GetProperty("peerId").GetString() == node.PeerId.ToString(), Timeout);
        await js.SendAsync($"peer {node.PeerId}");
        JsonElement stored = await js.WaitEventAsync("peer", e => e.GetProperty("peerId").GetString() == node.PeerId.ToString(), Timeout);

        UpgradedConnection connection = node.Connections.Single();
        Assert.Multiple(() =>
        {
            Assert.That(ours.Peer.ToString(), Is.EqualTo(js.Address[(js.Address.LastIndexOf('/') + 1)..]));
            Assert.That(ours.AgentVersion, Does.StartWith("js-libp2p/"));
            Assert.That(ours.SignedPeerRecordVerified, Is.True);
            Assert.That(ours.Protocols, Does.Contain(IdentifyProtocol.PushId));
            Assert.That(node.PeerStore.GetAddresses(ours.Peer).Select(a => a.Address), Does.Contain(WithoutPeer(Multiaddr.Parse(js.Address))));
        });
        AssertJsSawUs(seen, stored, node, WithoutPeer(bound), connection.Raw.RemoteAddress, connection.Raw.LocalAddress);
    }

    [Test]
    public async Task PushesFlowBothWaysWhenAProtocolIsAddedAtRuntime()
    {
        await using JsIdentifyPeer js = await JsIdentifyPeer.StartAsync(Timeout);
        await using Node node = ReferenceStack.CreateNode(new StackSpec { Security = ["noise"], Muxers = ["yamux"] });
        using EventSubscription<IdentifyCompleted> completed = node.Events.Subscribe<IdentifyCompleted>();
        using var cts = new CancellationTokenSource(Timeout);
        UpgradedConnection connection = await node.DialAsync(Multiaddr.Parse(js.Address), cts.Token);
        IdentifyInfo info = await node.Identify!.IdentifyAsync(connection, cts.Token);
        await js.WaitEventAsync("identify", e => e.GetProperty("peerId").GetString() == node.PeerId.ToString(), Timeout);

        // Ours, observed by js.
        node.SetStreamHandler("/conformance/ours/1.0.0", (context, token) => context.Pipe.Output.CompleteAsync().AsTask());
        JsonElement pushed = await js.WaitEventAsync("identify", e => Strings(e.GetProperty("protocols")).Contains("/conformance/ours/1.0.0"), Timeout);
        Assert.That(pushed.GetProperty("peerId").GetString(), Is.EqualTo(node.PeerId.ToString()));
        await js.SendAsync($"peer {node.PeerId}");
        JsonElement stored = await js.WaitEventAsync("peer", e => Strings(e.GetProperty("protocols")).Contains("/conformance/ours/1.0.0"), Timeout);
        Assert.That(stored.GetProperty("peerId").GetString(), Is.EqualTo(node.PeerId.ToString()));

        // Theirs, observed by us.
        await js.SendAsync("handle /conformance/js/1.0.0");
        IdentifyCompleted push = await completed.WaitAsync(e => e.IsPush && e.Protocols.Contains("/conformance/js/1.0.0"), Timeout);
        Assert.That(push.Peer, Is.EqualTo(info.PeerId));
        Assert.That(node.PeerStore.SupportsProtocol(info.PeerId, "/conformance/js/1.0.0"), Is.True);
    }

    private static void AssertJsSawUs(JsonElement seen, JsonElement stored, Node node, Multiaddr ourListen, Multiaddr ourAddressAsWeDialedOrWereDialed, Multiaddr ourLocal)
    {
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("agentVersion").GetString(), Does.StartWith("libp2p-conformance/"));
            Assert.That(seen.GetProperty("protocolVersion").GetString(), Is.EqualTo("ipfs/0.1.0"));
            Assert.That(Strings(seen.GetProperty("protocols")), Is.SupersetOf(new[] { IdentifyProtocol.Id, IdentifyProtocol.PushId, "/ipfs/ping/1.0.0", "/echo/1.0.0" }));
            Assert.That(Strings(seen.GetProperty("listenAddrs")), Does.Contain(ourListen.ToString()));
            // The observedAddr we sent is js's address as we see it, i.e. the connection's remote address on our side.
            Assert.That(seen.GetProperty("observedAddr").GetString(), Is.EqualTo(ourAddressAsWeDialedOrWereDialed.ToString()));
            Assert.That(WithoutPeer(Multiaddr.Parse(seen.GetProperty("connectionRemoteAddr").GetString()!)), Is.EqualTo(ourLocal));
            Assert.That(seen.GetProperty("publicKey").GetString(), Is.EqualTo(Convert.ToHexStringLower(node.PeerStore.GetPublicKey(node.PeerId)?.ToProtobuf() ?? node.PeerId.TryExtractPublicKey()!.ToProtobuf())));
            // js verified our signed peer record (openAndCertify + peer check, else it throws and emits nothing).
            Assert.That(seen.GetProperty("signedPeerRecord").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(Strings(seen.GetProperty("signedPeerRecord").GetProperty("addresses")), Does.Contain(ourListen.ToString()));
            Assert.That(stored.GetProperty("hasPeerRecordEnvelope").GetBoolean(), Is.True);
            Assert.That(stored.GetProperty("addresses").EnumerateArray().All(a => a.GetProperty("isCertified").GetBoolean()), Is.True);
            Assert.That(stored.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("multiaddr").GetString()), Does.Contain(ourListen.ToString()));
            Assert.That(stored.GetProperty("agentVersion").GetString(), Does.StartWith("libp2p-conformance/"));
            Assert.That(stored.GetProperty("protocolVersion").GetString(), Is.EqualTo("ipfs/0.1.0"));
            Assert.That(Strings(stored.GetProperty("protocols")), Does.Contain(IdentifyProtocol.PushId));
        });
    }
}
