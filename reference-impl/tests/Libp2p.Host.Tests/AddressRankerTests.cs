using CsCheck;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Dialing;

namespace Libp2p.Host.Tests;

public sealed class AddressRankerTests
{
    private static readonly DialerOptions Options = new()
    {
        PublicAttemptDelay = TimeSpan.FromMilliseconds(250),
        PrivateAttemptDelay = TimeSpan.FromMilliseconds(30),
        RelayDelay = TimeSpan.FromMilliseconds(500),
    };

    private static Multiaddr M(string text) => Multiaddr.Parse(text);

    [Test]
    public void QuicComesBeforeTcpAndIpv6LeadsIpv4()
    {
        var schedule = AddressRanker.Rank(
            [M("/ip4/1.2.3.4/tcp/4001"), M("/ip6/2001:4860::1/tcp/4001"), M("/ip4/1.2.3.4/udp/4001/quic-v1"), M("/ip6/2001:4860::1/udp/4001/quic-v1")],
            Options);

        Assert.That(schedule.Select(s => s.Address.ToString()), Is.EqualTo(new[]
        {
            "/ip6/2001:4860::1/udp/4001/quic-v1",
            "/ip4/1.2.3.4/udp/4001/quic-v1",
            "/ip6/2001:4860::1/tcp/4001",
            "/ip4/1.2.3.4/tcp/4001",
        }));
        Assert.That(schedule.Select(s => s.Delay.TotalMilliseconds), Is.EqualTo(new[] { 0d, 250, 500, 750 }));
    }

    [Test]
    public void TheRestOfAClassStartsTwoDelaysIn()
    {
        var schedule = AddressRanker.Rank(
            [M("/ip4/1.2.3.4/tcp/1"), M("/ip4/1.2.3.5/tcp/1"), M("/ip4/1.2.3.6/tcp/1"), M("/ip6/2001:4860::1/tcp/1")],
            Options);

        Assert.That(schedule[0].Address, Is.EqualTo(M("/ip6/2001:4860::1/tcp/1")));
        Assert.That(schedule.Select(s => s.Delay.TotalMilliseconds), Is.EqualTo(new[] { 0d, 250, 500, 500 }));
    }

    [Test]
    public void PrivateAddressesUseTheShortDelayAndRelaysComeLast()
    {
        var schedule = AddressRanker.Rank(
            [M("/ip4/1.2.3.4/tcp/1/p2p-circuit"), M("/ip4/127.0.0.1/tcp/1"), M("/ip4/10.0.0.1/tcp/1"), M("/ip4/8.8.8.8/tcp/1")],
            Options);

        Assert.That(schedule.Select(s => (s.Address.ToString(), s.Delay.TotalMilliseconds)), Is.EqualTo(new[]
        {
            ("/ip4/127.0.0.1/tcp/1", 0d),
            ("/ip4/8.8.8.8/tcp/1", 0d),
            ("/ip4/10.0.0.1/tcp/1", 30d),
            ("/ip4/1.2.3.4/tcp/1/p2p-circuit", 500d),
        }));
    }

    [TestCase("/ip4/127.0.0.1/tcp/1", true)]
    [TestCase("/ip4/192.168.1.1/tcp/1", true)]
    [TestCase("/ip4/172.20.0.1/tcp/1", true)]
    [TestCase("/ip4/172.32.0.1/tcp/1", false)]
    [TestCase("/ip6/::1/tcp/1", true)]
    [TestCase("/ip6/fd00::1/tcp/1", true)]
    [TestCase("/ip6/fe80::1/tcp/1", true)]
    [TestCase("/ip6/2001:4860::1/tcp/1", false)]
    [TestCase("/memory/5", true)]
    [TestCase("/dns4/example.test/tcp/1", false)]
    public void PrivateAddressesAreRecognised(string address, bool expected) =>
        Assert.That(AddressRanker.IsPrivate(M(address)), Is.EqualTo(expected));

    [Test]
    public void TheScheduleIsADuplicateFreePermutationOrderedByDelay()
    {
        Gen<string> address = Gen.OneOf(
            Gen.Select(Gen.Byte, Gen.Int[1, 65535], (b, p) => $"/ip4/1.2.3.{b}/tcp/{p}"),
            Gen.Select(Gen.Byte, Gen.Int[1, 65535], (b, p) => $"/ip4/10.0.0.{b}/udp/{p}/quic-v1"),
            Gen.Select(Gen.Byte, Gen.Int[1, 65535], (b, p) => $"/ip6/2001:db8::{b:x}/tcp/{p}/ws"),
            Gen.Select(Gen.Byte, Gen.Int[1, 65535], (b, p) => $"/ip6/::1/udp/{p}/quic-v1/webtransport"),
            Gen.Select(Gen.Byte, (b) => $"/ip4/5.6.7.8/tcp/1/p2p-circuit/memory/{b}"));
        address.Array[0, 12].Sample(texts =>
        {
            Multiaddr[] input = texts.Select(M).ToArray();
            var schedule = AddressRanker.Rank(input, Options);
            Assert.That(schedule.Select(s => s.Address), Is.EquivalentTo(input.Distinct()));
            Assert.That(schedule.Select(s => s.Delay), Is.Ordered);
            // Within one delay group and class, QUIC never waits longer than TCP of the same privacy group.
            foreach (bool isPrivate in new[] { true, false })
            {
                var direct = schedule.Where(s => AddressRanker.IsPrivate(s.Address) == isPrivate && !s.Address.ToString().Contains("p2p-circuit", StringComparison.Ordinal)).ToArray();
                var quic = direct.Where(s => AddressRanker.TransportClass(s.Address) == 0).Select(s => s.Delay).ToArray();
                var tcp = direct.Where(s => AddressRanker.TransportClass(s.Address) == 1).Select(s => s.Delay).ToArray();
                if (quic.Length > 0 && tcp.Length > 0)
                {
                    Assert.That(quic.Max(), Is.LessThan(tcp.Min()));
                }
            }
        });
    }
}
