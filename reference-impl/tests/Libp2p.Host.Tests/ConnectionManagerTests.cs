using Libp2p.Host.ConnectionManagement;

namespace Libp2p.Host.Tests;

public sealed class ConnectionManagerTests
{
    [Test]
    public void AScoreIsTheSumOfTags()
    {
        var manager = new ConnectionManager(new ConnectionManagerOptions());
        manager.TagPeer(Keys.Peer(1), "a", 10);
        manager.TagPeer(Keys.Peer(1), "b", 5);
        manager.TagPeer(Keys.Peer(1), "a", 3);

        Assert.That(manager.GetScore(Keys.Peer(1)), Is.EqualTo(8));
        manager.UntagPeer(Keys.Peer(1), "b");
        Assert.That(manager.GetScore(Keys.Peer(1)), Is.EqualTo(3));
        Assert.That(manager.GetScore(Keys.Peer(2)), Is.Zero);
    }

    [Test]
    public void ProtectionLastsWhileAnyTagHoldsIt()
    {
        var manager = new ConnectionManager(new ConnectionManagerOptions());
        manager.Protect(Keys.Peer(1), "relay");
        manager.Protect(Keys.Peer(1), "dht");

        Assert.That(manager.Unprotect(Keys.Peer(1), "relay"), Is.True);
        Assert.That(manager.IsProtected(Keys.Peer(1)), Is.True);
        Assert.That(manager.Unprotect(Keys.Peer(1), "dht"), Is.False);
        Assert.That(manager.IsProtected(Keys.Peer(1)), Is.False);
    }

    [Test]
    public void WatermarksMustBeOrdered() =>
        Assert.Throws<ArgumentException>(() => _ = new ConnectionManager(new ConnectionManagerOptions { LowWater = 10, HighWater = 5 }));

    [Test]
    public void NothingIsSelectedAtOrBelowTheHighWatermark()
    {
        var manager = new ConnectionManager(new ConnectionManagerOptions { LowWater = 0, HighWater = 0 });
        Assert.That(manager.SelectForTrim(), Is.Empty);
        Assert.That(manager.IsOverHighWater, Is.False);
    }
}
