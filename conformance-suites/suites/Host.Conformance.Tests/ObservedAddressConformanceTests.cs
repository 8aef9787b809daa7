using Libp2p.Conformance;
using Libp2p.Core.Multiformats;
using Libp2p.Host.AddressDiscovery;

namespace Libp2p.Host.Conformance.Tests;

/// <summary>Use of observedAddr (identify/README.md "observedAddr") by the reference stack's address manager.</summary>
public sealed class ObservedAddressConformanceTests
{
    [Test]
    [Requirement("IDENTIFY-FIELD-008")]
    public void AnObservedAddressCountsOnlyAfterSeveralDistinctObservers()
    {
        var manager = new ObservedAddressManager();
        Multiaddr local = Multiaddr.Parse("/ip4/192.168.0.2/tcp/4001");
        Multiaddr observed = Multiaddr.Parse("/ip4/198.51.100.9/tcp/4001");

        // Many connections from one network are one observer.
        for (int i = 0; i < 10; i++)
        {
            Assert.That(manager.Record(local, Multiaddr.Parse($"/ip4/203.0.{i}.1/tcp/1"), observed), Is.Null);
        }
        Assert.That(manager.ConfirmedAddresses, Is.Empty);

        Assert.That(manager.Record(local, Multiaddr.Parse("/ip4/1.2.0.1/tcp/1"), observed), Is.Null);
        Assert.That(manager.Record(local, Multiaddr.Parse("/ip4/5.6.0.1/tcp/1"), observed), Is.Null);
        Assert.That(manager.Record(local, Multiaddr.Parse("/ip4/7.8.0.1/tcp/1"), observed), Is.EqualTo(observed));
        Assert.That(manager.ConfirmedAddresses, Is.EqualTo(new[] { observed }));
    }
}
