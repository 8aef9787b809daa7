using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Protocols.Ping;
using Libp2p.Stack;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>
/// The reference host driven only through the IDL's generated <see cref="IHost"/> (spec-idl/modules/host.yaml):
/// listen, connect by address and by peer ID (reusing the connection), open a negotiated stream, disconnect.
/// </summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class HostInterfaceConformanceTests(string transport)
{
    [Test]
    [Requirement("HOST-DIAL-001")]
    [Requirement("HOST-DIAL-004")]
    [Requirement("HOST-LISTEN-001")]
    public async Task The_generated_host_interface_listens_connects_streams_and_disconnects()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        var hub = new Libp2p.Transports.Memory.MemoryHub();
        var spec = new StackSpec { Security = ["noise"], Muxers = ["yamux"] };
        IReadOnlyList<ITransport>? transports() => transport == "memory"
            ? [new Libp2p.Transports.Memory.MemoryTransport(new Libp2p.Transports.Memory.MemoryTransportOptions { Hub = hub })]
            : null;
        await using Node listenerNode = ReferenceStack.CreateNode(spec, transports());
        await using Node dialerNode = ReferenceStack.CreateNode(spec, transports());
        IHost listener = listenerNode;
        IHost dialer = dialerNode;

        Multiaddr bound = await listener.ListenAsync(Multiaddr.Parse(transport == "memory" ? "/memory/0" : "/ip4/127.0.0.1/tcp/0"), cts.Token);
        Assert.Multiple(() =>
        {
            Assert.That(listener.ListenAddresses, Does.Contain(bound));
            Assert.That(bound.ToString(), Does.EndWith("/p2p/" + listener.PeerId));
            Assert.That(bound.ToString(), Does.Not.Contain("/tcp/0/"), "the wildcard port is resolved");
            Assert.That(listener.SupportedProtocols, Does.Contain(PingProtocol.Id));
        });

        IMuxedConnection first = await dialer.ConnectAddressAsync(bound, cts.Token);
        Assert.That(dialer.IsConnected(listener.PeerId), Is.True);
        IMuxedConnection again = await dialer.ConnectPeerAsync(listener.PeerId, cts.Token);
        Assert.That(again, Is.SameAs(first), "connecting by peer ID reuses the open connection");

        NegotiatedStream ping = await dialer.OpenStreamAsync(listener.PeerId, ["/conformance/never/1.0.0", PingProtocol.Id], cts.Token);
        Assert.That(ping.Protocol, Is.EqualTo(PingProtocol.Id), "the first protocol the listener accepts");
        TimeSpan rtt = await PingProtocol.PingOnceAsync(ping.Stream, cts.Token);
        Assert.That(rtt, Is.GreaterThan(TimeSpan.Zero));
        await ping.Handle.DisposeAsync();

        int closed = await dialer.DisconnectAsync(listener.PeerId, cts.Token);
        Assert.That(closed, Is.EqualTo(1));
        Assert.That(dialer.IsConnected(listener.PeerId), Is.False);
    }
}
