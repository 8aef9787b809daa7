using Libp2p.Core.Multiformats;
using Libp2p.Host.AddressDiscovery;

namespace Libp2p.Host.Tests;

public sealed class ObservedAddressManagerTests
{
    private static readonly Multiaddr Local = Multiaddr.Parse("/ip4/192.168.1.10/tcp/4001");
    private static readonly Multiaddr External = Multiaddr.Parse("/ip4/203.0.113.7/tcp/4001");

    private static Multiaddr Observer(string ip) => Multiaddr.Parse($"/ip4/{ip}/tcp/50000");

    [Test]
    public void ConfirmsAfterFourDistinctSlash16Observers()
    {
        var manager = new ObservedAddressManager();
        Assert.That(manager.Record(Local, Observer("1.1.0.1"), External), Is.Null);
        Assert.That(manager.Record(Local, Observer("2.2.0.1"), External), Is.Null);
        Assert.That(manager.Record(Local, Observer("3.3.0.1"), External), Is.Null);
        Assert.That(manager.Record(Local, Observer("4.4.0.1"), External), Is.EqualTo(External));
        Assert.That(manager.ConfirmedAddresses, Is.EqualTo(new[] { External }));
        // Already confirmed: not reported again.
        Assert.That(manager.Record(Local, Observer("5.5.0.1"), External), Is.Null);
    }

    [Test]
    public void ObserversInOneSlash16CountOnce()
    {
        var manager = new ObservedAddressManager();
        for (int i = 1; i < 50; i++)
        {
            Assert.That(manager.Record(Local, Observer($"9.9.{i}.1"), External), Is.Null);
        }
        Assert.That(manager.ObserverCount(External), Is.EqualTo(1));
    }

    [Test]
    public void Ipv6ObserversAreGroupedBySlash56()
    {
        var manager = new ObservedAddressManager(new ObservedAddressOptions { ActivationThreshold = 2 });
        Multiaddr local6 = Multiaddr.Parse("/ip6/fd00::10/tcp/4001");
        Multiaddr external6 = Multiaddr.Parse("/ip6/2001:db8::7/tcp/4001");
        Assert.That(manager.Record(local6, Multiaddr.Parse("/ip6/2001:db8:1:100::1/tcp/1"), external6), Is.Null);
        Assert.That(manager.Record(local6, Multiaddr.Parse("/ip6/2001:db8:1:1ff::2/tcp/1"), external6), Is.Null); // same /56
        Assert.That(manager.Record(local6, Multiaddr.Parse("/ip6/2001:db8:2::1/tcp/1"), external6), Is.EqualTo(external6));
    }

    [Test]
    public void ObservationsOverAnotherTransportAreIgnored()
    {
        var manager = new ObservedAddressManager(new ObservedAddressOptions { ActivationThreshold = 1 });
        Assert.That(manager.Record(Local, Observer("1.1.1.1"), Multiaddr.Parse("/ip4/203.0.113.7/udp/4001/quic-v1")), Is.Null);
        Assert.That(manager.Record(Local, Multiaddr.Parse("/memory/5"), External), Is.Null);
        Assert.That(manager.ConfirmedAddresses, Is.Empty);
    }

    [Test]
    public void ObservationsExpireAndTheConfirmationIsWithdrawn()
    {
        var clock = new ManualClock();
        var manager = new ObservedAddressManager(new ObservedAddressOptions { ActivationThreshold = 2, ObservationTtl = TimeSpan.FromMinutes(10), Clock = clock });
        manager.Record(Local, Observer("1.1.0.1"), External);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That(manager.Record(Local, Observer("2.2.0.1"), External), Is.EqualTo(External));
        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.That(manager.Expire(), Is.EqualTo(new[] { External }));
        Assert.That(manager.ConfirmedAddresses, Is.Empty);
        Assert.That(manager.ObserverCount(External), Is.EqualTo(1));
    }
}
