using Libp2p.Host.Events;

namespace Libp2p.Host.Tests;

public sealed class EventBusTests
{
    [Test]
    public async Task DeliversToEverySubscriberOfTheType()
    {
        var bus = new EventBus();
        using EventSubscription<PeerDisconnected> a = bus.Subscribe<PeerDisconnected>();
        using EventSubscription<PeerDisconnected> b = bus.Subscribe<PeerDisconnected>();
        using EventSubscription<ProtocolsChanged> other = bus.Subscribe<ProtocolsChanged>();

        Assert.That(bus.Publish(new PeerDisconnected(Keys.Peer(1))), Is.EqualTo(2));

        Assert.That((await a.WaitAsync(_ => true, TimeSpan.FromSeconds(5))).Peer, Is.EqualTo(Keys.Peer(1)));
        Assert.That((await b.WaitAsync(_ => true, TimeSpan.FromSeconds(5))).Peer, Is.EqualTo(Keys.Peer(1)));
        Assert.That(other.Reader.TryRead(out _), Is.False);
    }

    [Test]
    public void UnsubscribedReceiversGetNothing()
    {
        var bus = new EventBus();
        EventSubscription<PeerDisconnected> sub = bus.Subscribe<PeerDisconnected>();
        sub.Dispose();
        Assert.That(bus.SubscriberCount<PeerDisconnected>(), Is.Zero);
        Assert.That(bus.Publish(new PeerDisconnected(Keys.Peer(1))), Is.Zero);
        Assert.That(sub.Reader.Completion.IsCompleted, Is.True);
    }

    [Test]
    public void ASlowSubscriberNeverBlocksPublishingAndOverflowIsCounted()
    {
        var bus = new EventBus();
        using EventSubscription<PeerDisconnected> slow = bus.Subscribe<PeerDisconnected>(capacity: 4);
        using EventSubscription<PeerDisconnected> roomy = bus.Subscribe<PeerDisconnected>(capacity: 100);

        for (int i = 0; i < 10; i++)
        {
            bus.Publish(new PeerDisconnected(Keys.Peer(1)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(slow.Dropped, Is.EqualTo(6));
            Assert.That(roomy.Dropped, Is.Zero);
            Assert.That(bus.Dropped, Is.EqualTo(6));
            Assert.That(slow.Reader.Count, Is.EqualTo(4));
            Assert.That(roomy.Reader.Count, Is.EqualTo(10));
        });
    }

    [Test]
    public void WaitTimesOutWithATypedError()
    {
        var bus = new EventBus();
        using EventSubscription<PeerDisconnected> sub = bus.Subscribe<PeerDisconnected>();
        Assert.ThrowsAsync<TimeoutException>(() => sub.WaitAsync(_ => true, TimeSpan.FromMilliseconds(50)));
    }
}
