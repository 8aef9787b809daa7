using Libp2p.Core.Multiformats;
using Libp2p.Host.Dialing;

namespace Libp2p.Host.Tests;

public sealed class DialBackoffTests
{
    private static readonly Multiaddr Address = Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001");

    [Test]
    public void AFailureBacksTheAddressOffUntilItExpires()
    {
        var clock = new ManualClock();
        var backoff = new DialBackoff(new DialerOptions { Clock = clock, BackoffBase = TimeSpan.FromSeconds(5), BackoffCoefficient = TimeSpan.FromSeconds(1) });

        TimeSpan first = backoff.RecordFailure(Keys.Peer(1), Address);

        Assert.That(first, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(backoff.IsBackedOff(Keys.Peer(1), Address), Is.True);
        Assert.That(backoff.IsBackedOff(Keys.Peer(2), Address), Is.False, "backoff is per peer");
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.That(backoff.IsBackedOff(Keys.Peer(1), Address), Is.False);
    }

    [Test]
    public void RepeatedFailuresGrowQuadraticallyUpToTheCap()
    {
        var clock = new ManualClock();
        var backoff = new DialBackoff(new DialerOptions { Clock = clock, BackoffBase = TimeSpan.FromSeconds(5), BackoffCoefficient = TimeSpan.FromSeconds(1), BackoffMax = TimeSpan.FromSeconds(30) });

        TimeSpan[] steps = Enumerable.Range(0, 8).Select(_ => backoff.RecordFailure(Keys.Peer(1), Address)).ToArray();

        Assert.That(steps.Select(s => s.TotalSeconds), Is.EqualTo(new[] { 6d, 9, 14, 21, 30, 30, 30, 30 }));
    }

    [Test]
    public void ClearForgetsThePeer()
    {
        var backoff = new DialBackoff(new DialerOptions { Clock = new ManualClock() });
        backoff.RecordFailure(Keys.Peer(1), Address);

        backoff.Clear(Keys.Peer(1));

        Assert.That(backoff.IsBackedOff(Keys.Peer(1), Address), Is.False);
        Assert.That(backoff.Count, Is.Zero);
    }

    [Test]
    public void TheTableIsBounded()
    {
        var clock = new ManualClock();
        var backoff = new DialBackoff(new DialerOptions { Clock = clock });
        for (int i = 0; i < DialBackoff.MaxPeers + 50; i++)
        {
            backoff.RecordFailure(Core.Identity.PeerId.FromPublicKey(Core.Identity.PrivateKey.Generate(Core.Identity.KeyType.Ed25519).PublicKey), Address);
        }
        Assert.That(backoff.Count, Is.LessThanOrEqualTo(DialBackoff.MaxPeers));
    }
}
