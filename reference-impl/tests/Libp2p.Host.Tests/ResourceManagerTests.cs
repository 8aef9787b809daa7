using CsCheck;
using Libp2p.Host.Resources;

namespace Libp2p.Host.Tests;

public sealed class ResourceManagerTests
{
    [Test]
    public void APeerScopeRefusesBeyondItsLimitAndChargesNothingElse()
    {
        var manager = new ResourceManager(new ResourceLimits { Peer = new ScopeLimits { InboundStreams = 2 } });
        using StreamReservation a = manager.ReserveStream(Keys.Peer(1), inbound: true);
        using StreamReservation b = manager.ReserveStream(Keys.Peer(1), inbound: true);

        var refused = Assert.Throws<ResourceLimitExceededException>(() => manager.ReserveStream(Keys.Peer(1), inbound: true));

        Assert.That(refused!.Scope, Is.EqualTo("peer:" + Keys.Peer(1)));
        Assert.That(refused.Kind, Is.EqualTo(ResourceKind.InboundStream));
        Assert.That(refused.Limit, Is.EqualTo(2));
        Assert.That(manager.System.InboundStreams, Is.EqualTo(2), "the refused reservation left nothing in the system scope");
        Assert.That(manager.Transient.InboundStreams, Is.EqualTo(2));
        using StreamReservation other = manager.ReserveStream(Keys.Peer(2), inbound: true);
        Assert.That(manager.System.InboundStreams, Is.EqualTo(3), "another peer is not affected");
    }

    [Test]
    public void TheTotalStreamLimitCoversBothDirections()
    {
        var manager = new ResourceManager(new ResourceLimits { System = new ScopeLimits { Streams = 2 } });
        using var a = manager.ReserveStream(Keys.Peer(1), inbound: true);
        using var b = manager.ReserveStream(Keys.Peer(1), inbound: false);

        var refused = Assert.Throws<ResourceLimitExceededException>(() => manager.ReserveStream(Keys.Peer(2), inbound: false));

        Assert.That(refused!.Scope, Is.EqualTo("system"));
        Assert.That(manager.System.OutboundStreams, Is.EqualTo(1));
        Assert.That(manager.FindPeerScope(Keys.Peer(2)), Is.Null, "the refused peer holds no scope");
    }

    [Test]
    public void SettingTheProtocolMovesTheStreamOutOfTheTransientScope()
    {
        var manager = new ResourceManager(new ResourceLimits { ProtocolOverrides = new Dictionary<string, ScopeLimits> { ["/x/1"] = new() { Streams = 1 } } });
        using StreamReservation first = manager.ReserveStream(Keys.Peer(1), inbound: true);
        first.SetProtocol("/x/1");

        Assert.That(manager.Transient.InboundStreams, Is.Zero);
        Assert.That(manager.FindProtocolScope("/x/1")!.InboundStreams, Is.EqualTo(1));
        Assert.That(first.Protocol, Is.EqualTo("/x/1"));

        using StreamReservation second = manager.ReserveStream(Keys.Peer(1), inbound: true);
        var refused = Assert.Throws<ResourceLimitExceededException>(() => second.SetProtocol("/x/1"));
        Assert.That(refused!.Scope, Is.EqualTo("protocol:/x/1"));
        Assert.That(manager.Transient.InboundStreams, Is.EqualTo(1), "a refused move keeps the stream where it was");
    }

    [Test]
    public void ConnectionsMoveToTheirPeerOnceAuthenticated()
    {
        var manager = new ResourceManager(new ResourceLimits { Peer = new ScopeLimits { Connections = 1 } });
        using ConnectionReservation a = manager.ReserveConnection(inbound: true);
        using ConnectionReservation b = manager.ReserveConnection(inbound: false);
        Assert.That(manager.Transient.InboundConnections + manager.Transient.OutboundConnections, Is.EqualTo(2));

        a.SetPeer(Keys.Peer(1));
        Assert.That(manager.Transient.InboundConnections, Is.Zero);
        Assert.That(manager.FindPeerScope(Keys.Peer(1))!.InboundConnections, Is.EqualTo(1));
        Assert.Throws<ResourceLimitExceededException>(() => b.SetPeer(Keys.Peer(1)));
        Assert.That(b.Peer, Is.Null);
    }

    [Test]
    public void MemoryIsChargedToEveryScopeAndReleasedWithTheStream()
    {
        var manager = new ResourceManager(new ResourceLimits { Peer = new ScopeLimits { Memory = 1000 } });
        StreamReservation stream = manager.ReserveStream(Keys.Peer(1), inbound: true);
        stream.SetProtocol("/x/1");
        stream.SetService("svc");
        stream.ReserveMemory(600);

        Assert.That(manager.System.Memory, Is.EqualTo(600));
        Assert.That(manager.FindServiceScope("svc")!.Memory, Is.EqualTo(600));
        var refused = Assert.Throws<ResourceLimitExceededException>(() => stream.ReserveMemory(500));
        Assert.That(refused!.Kind, Is.EqualTo(ResourceKind.Memory));
        Assert.That(manager.System.Memory, Is.EqualTo(600), "all or nothing");

        stream.ReleaseMemory(100);
        Assert.That(manager.FindPeerScope(Keys.Peer(1))!.Memory, Is.EqualTo(500));
        stream.Dispose();
        stream.Dispose();
        Assert.That(manager.System.IsIdle, Is.True);
        Assert.That(manager.Transient.IsIdle, Is.True);
        Assert.That(manager.FindPeerScope(Keys.Peer(1)), Is.Null, "an idle peer scope is retired");
        Assert.That(manager.FindProtocolScope("/x/1"), Is.Null);
        Assert.That(manager.FindServiceScope("svc"), Is.Null);
    }

    [Test]
    public void ConcurrentReservationsNeverExceedALimitAndAllComeBack()
    {
        Gen.Int[1, 16].Select(Gen.Int[1, 200]).Sample((limit, attempts) =>
        {
            var manager = new ResourceManager(new ResourceLimits { Peer = new ScopeLimits { Streams = limit } });
            long maxSeen = 0;
            Parallel.For(0, attempts, i =>
            {
                try
                {
                    using StreamReservation r = manager.ReserveStream(Keys.Peer((byte)(i % 3)), inbound: i % 2 == 0);
                    // One counter read at once: summing the inbound and outbound counters read at two moments could
                    // count a stream released in between together with one reserved after it (seen once in CI).
                    long open = manager.FindPeerScope(Keys.Peer((byte)(i % 3)))?.Streams ?? 0;
                    InterlockedMax(ref maxSeen, open);
                }
                catch (ResourceLimitExceededException)
                {
                    // Expected once the peer is full.
                }
            });
            Assert.That(maxSeen, Is.LessThanOrEqualTo(limit));
            Assert.That(manager.System.IsIdle && manager.Transient.IsIdle, Is.True);
            Assert.That(manager.PeerScopeCount, Is.Zero);
        }, iter: 50);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
