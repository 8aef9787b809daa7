using Libp2p.Core.Multiformats;
using Libp2p.Host.Dialing;
using Libp2p.Host.Resources;
using Libp2p.Stack;
using Libp2p.Transports.Memory;

namespace Libp2p.Host.Tests;

public sealed class NodeBuilderTests
{
    [Test]
    public void ANodeNeedsATransportASecurityProtocolAndAMuxer()
    {
        Assert.Throws<InvalidOperationException>(() => new NodeBuilder().Build());
        Assert.Throws<InvalidOperationException>(() => new NodeBuilder().AddTransport(new MemoryTransport()).AddMuxer(ReferenceStack.CreateMuxer("yamux")).Build());
    }

    [Test]
    public async Task TheBuilderWiresIdentityHandlersListenersAndLimits()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var hub = new MemoryHub();
        await using Node node = await ReferenceStack.CreateBuilder(new StackSpec { Identity = Keys.Make(7), Security = ["noise"], Muxers = ["yamux"] }, [new MemoryTransport(new MemoryTransportOptions { Hub = hub })])
            .Handle("/test/1.0.0", (context, token) => context.Pipe.Output.CompleteAsync().AsTask())
            .ListenOn(Multiaddr.Parse("/memory/0"))
            .ListenOn(Multiaddr.Parse("/memory/0"))
            .WithDialer(new DialerOptions { MaxConcurrentDialsPerPeer = 3 })
            .WithResourceLimits(new ResourceLimits { System = new ScopeLimits { Streams = 5 } })
            .StartAsync(cts.Token);

        Assert.That(node.PeerId, Is.EqualTo(Keys.Peer(7)));
        Assert.That(node.ListenAddresses, Has.Count.EqualTo(2));
        Assert.That(node.ListenAddresses.All(a => a.ToString().EndsWith("/p2p/" + node.PeerId, StringComparison.Ordinal)), Is.True);
        Assert.That(node.Router.Protocols, Does.Contain("/test/1.0.0").And.Contain("/ipfs/id/1.0.0").And.Contain("/ipfs/ping/1.0.0"));
        Assert.That(node.Identify, Is.Not.Null);
        Assert.That(node.Resources.System.Limits.Streams, Is.EqualTo(5));
    }
}
