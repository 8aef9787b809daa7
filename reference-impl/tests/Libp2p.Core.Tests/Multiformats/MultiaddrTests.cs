using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>Multiaddr API behaviour, per-protocol validation and limits.</summary>
public sealed class MultiaddrTests
{
    private const string PeerId = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";

    [TestCase("/ip6/2001:db8:0:0:1:0:0:1/tcp/1", "/ip6/2001:db8::1:0:0:1/tcp/1")]
    [TestCase("/ip6/2001:0DB8::0001/tcp/1", "/ip6/2001:db8::1/tcp/1")]
    [TestCase("/ip6/0:0:0:0:0:0:0:0", "/ip6/::")]
    [TestCase("/ip6/1:0:0:0:0:0:0:0", "/ip6/1::")]
    [TestCase("/ip6/1:0:1:0:1:0:1:0", "/ip6/1:0:1:0:1:0:1:0")]
    [TestCase("/ip6/1:0:0:1:0:0:0:1", "/ip6/1:0:0:1::1")]
    [TestCase("/ip6/::ffff:1.2.3.4", "/ip6/::ffff:102:304")]
    [TestCase("/ipfs/" + PeerId, "/p2p/" + PeerId)]
    [TestCase("/ip4/1.2.3.4/", "/ip4/1.2.3.4")]
    [TestCase("/", "/")]
    [TestCase("/p2p/bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", "/p2p/" + PeerId)]
    [TestCase("/onion/AAAAAAAAAAAAAAAA:80", "/onion/aaaaaaaaaaaaaaaa:80")]
    [TestCase("/unix/a%2fb", "/unix/a%2Fb")]
    public void Parse_PrintsCanonicalForm(string text, string canonical)
    {
        Multiaddr addr = Multiaddr.Parse(text);
        Assert.That(addr.ToString(), Is.EqualTo(canonical));
        Assert.That(Multiaddr.Parse(canonical), Is.EqualTo(addr));
    }

    [Test]
    public void Certhash_AcceptsAnyMultibase_PrintsBase64Url()
    {
        byte[] mh = Multihash.Sum(Multihash.Sha2_256, "cert"u8);
        foreach (MultibaseEncoding encoding in new[] { MultibaseEncoding.Base32, MultibaseEncoding.Base58Btc, MultibaseEncoding.Base16Upper, MultibaseEncoding.Base64UrlPad })
        {
            Multiaddr addr = Multiaddr.Parse("/certhash/" + Multibase.Encode(encoding, mh));
            Assert.That(addr.ToString(), Is.EqualTo("/certhash/" + Multibase.Encode(MultibaseEncoding.Base64Url, mh)));
            Assert.That(addr.Components[0].ValueBytes.ToArray(), Is.EqualTo(mh));
        }
    }

    [TestCase("", null)]
    [TestCase("ip4/1.2.3.4", null)]
    [TestCase("//ip4/1.2.3.4", null)]
    [TestCase("/ip4", "ip4")]
    [TestCase("/ip4/", "ip4")]
    [TestCase("/ip4/1.2.3", "ip4")]
    [TestCase("/ip4/1.2.3.4.5", "ip4")]
    [TestCase("/ip4/01.2.3.4", "ip4")]
    [TestCase("/ip4/256.2.3.4", "ip4")]
    [TestCase("/ip4/1.2.3.-4", "ip4")]
    [TestCase("/ip6/1.2.3.4", "ip6")]
    [TestCase("/ip6/fe80::1%eth0", "ip6")]
    [TestCase("/ip6/[::1]", "ip6")]
    [TestCase("/ip6/1:2:3:4:5:6:7:8:9", "ip6")]
    [TestCase("/tcp/65536", "tcp")]
    [TestCase("/tcp/-1", "tcp")]
    [TestCase("/tcp/080", "tcp")]
    [TestCase("/tcp/+80", "tcp")]
    [TestCase("/udp/1x", "udp")]
    [TestCase("/ipcidr/256", "ipcidr")]
    [TestCase("/foo/bar", "foo")]
    [TestCase("/tls/x", "x")]
    [TestCase("/dns4/a b", "dns4")]
    [TestCase("/onion/aaaaaaaaaaaaaaaa", "onion")]
    [TestCase("/onion/aaaaaaaaaaaaaaa:80", "onion")]
    [TestCase("/onion/aaaaaaaaaaaaaaaa:0", "onion")]
    [TestCase("/onion/aaaaaaaaaaaaaaaa:65536", "onion")]
    [TestCase("/onion/aaaaaaaaaaaaaaa1:80", "onion")]
    [TestCase("/onion3/aaaaaaaaaaaaaaaa:80", "onion3")]
    [TestCase("/garlic64/AAAA", "garlic64")]
    [TestCase("/garlic32/aaaa", "garlic32")]
    [TestCase("/certhash/zzz0", "certhash")]
    [TestCase("/certhash/f1220", "certhash")]
    [TestCase("/p2p/QmNotBase58l", "p2p")]
    [TestCase("/p2p/bafkqaaa", "p2p")]
    [TestCase("/p2p/Qm", "p2p")]
    [TestCase("/unix/%zz", "unix")]
    [TestCase("/unix/%2", "unix")]
    [TestCase("/unix/%ff", "unix")]
    [TestCase("/http-path/%", "http-path")]
    public void Parse_RejectsWithTypedErrorNamingTheComponent(string text, string? component)
    {
        var ex = Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse(text));
        Assert.That(ex!.Component, Is.EqualTo(component));
        Assert.That(ex.Message, Does.Contain(component ?? "invalid multiaddr"));
        Assert.That(Multiaddr.TryParse(text, out _), Is.False);
    }

    [TestCase("04010203", null)]
    [TestCase("0401020304ff", null)]
    [TestCase("8080808080808080808001", null)]
    [TestCase("8000", null)]
    [TestCase("e8e801", "29800")]
    [TestCase("350000", "dns")]
    [TestCase("3500", "dns")]
    [TestCase("35052f", "dns")]
    [TestCase("35012f", "dns")]
    [TestCase("3501ff", "dns")]
    [TestCase("a50302ffff", "p2p")]
    [TestCase("bc03000000000000000000000000", "onion")]
    [TestCase("bf030101", "garlic32")]
    [TestCase("9003028000", "unix")]
    public void FromBytes_RejectsWithTypedError(string hex, string? component)
    {
        byte[] bytes = Convert.FromHexString(hex);
        var ex = Assert.Throws<MultiaddrFormatException>(() => Multiaddr.FromBytes(bytes));
        if (component is not null)
        {
            Assert.That(ex!.Component, Is.EqualTo(component));
        }
        Assert.That(Multiaddr.TryFromBytes(bytes, out _), Is.False);
    }

    [Test]
    public void HugeDeclaredLength_IsRejectedWithoutProportionalAllocation()
    {
        byte[] bytes = [0x35, 0xff, 0xff, 0xff, 0xff, 0x0f, (byte)'a'];
        Multiaddr.TryFromBytes(bytes, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = Multiaddr.TryFromBytes(bytes, out _);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(ok, Is.False);
        Assert.That(allocated, Is.LessThan(1024));
    }

    [Test]
    public void Limits_AreEnforcedInBothForms()
    {
        string many = string.Concat(Enumerable.Repeat("/tls", Multiaddr.MaxComponents + 1));
        Assert.That(Multiaddr.Parse(many[..(Multiaddr.MaxComponents * 4)]).Components, Has.Count.EqualTo(Multiaddr.MaxComponents));
        Assert.That(Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse(many))!.Problem, Does.Contain("components"));
        byte[] manyBytes = Enumerable.Repeat(new byte[] { 0xc0, 0x03 }, Multiaddr.MaxComponents + 1).SelectMany(b => b).ToArray();
        Assert.Throws<MultiaddrFormatException>(() => Multiaddr.FromBytes(manyBytes));
        string longName = "/dns/" + new string('a', 250);
        string big = string.Concat(Enumerable.Repeat(longName, 5));
        Assert.That(Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse(big))!.Problem, Does.Contain("bytes"));
        Assert.Throws<MultiaddrFormatException>(() => Multiaddr.FromBytes(new byte[Multiaddr.MaxBytes + 1]));
        Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse("/" + new string('a', Multiaddr.MaxStringLength)));
        Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse("/dns/" + new string('a', 256)));
        Multiaddr half = Multiaddr.Parse(string.Concat(Enumerable.Repeat(longName, 3)));
        Assert.Throws<MultiaddrFormatException>(() => half.Encapsulate(half));
    }

    [Test]
    public void EncapsulateAndDecapsulate()
    {
        Multiaddr tcp = Multiaddr.Parse("/ip4/1.2.3.4/tcp/4001");
        Multiaddr full = tcp.Encapsulate("/p2p/" + PeerId).Encapsulate(Multiaddr.Parse("/p2p-circuit/p2p/" + PeerId));
        Assert.That(full.ToString(), Is.EqualTo($"/ip4/1.2.3.4/tcp/4001/p2p/{PeerId}/p2p-circuit/p2p/{PeerId}"));
        Assert.That(full.Decapsulate("/p2p/" + PeerId).ToString(), Is.EqualTo($"/ip4/1.2.3.4/tcp/4001/p2p/{PeerId}/p2p-circuit"));
        Assert.That(full.Decapsulate("/p2p-circuit").ToString(), Is.EqualTo($"/ip4/1.2.3.4/tcp/4001/p2p/{PeerId}"));
        Assert.That(full.Decapsulate("/tcp/4001"), Is.EqualTo(Multiaddr.Parse("/ip4/1.2.3.4")));
        Assert.That(full.Decapsulate("/ip4/1.2.3.4"), Is.EqualTo(Multiaddr.Empty));
        Assert.That(full.Decapsulate("/tcp/4002"), Is.SameAs(full));
        Assert.That(full.DecapsulateCode(421).ToString(), Is.EqualTo($"/ip4/1.2.3.4/tcp/4001/p2p/{PeerId}/p2p-circuit"));
        Assert.That(full.DecapsulateCode(4), Is.EqualTo(Multiaddr.Empty));
        Assert.That(Multiaddr.Empty.Encapsulate(tcp), Is.SameAs(tcp));
        Assert.That(tcp.Encapsulate(Multiaddr.Empty), Is.SameAs(tcp));
        Assert.That(full.Components, Has.Count.EqualTo(5));
    }

    [Test]
    public void ValuesAndPeerId()
    {
        Multiaddr addr = Multiaddr.Parse($"/dns4/example.com/tcp/443/tls/ws/ipfs/{PeerId}");
        Assert.That(addr.GetValue("dns4"), Is.EqualTo("example.com"));
        Assert.That(addr.GetValue("tcp"), Is.EqualTo("443"));
        Assert.That(addr.GetValue("tls"), Is.Empty);
        Assert.That(addr.GetValue("ipfs"), Is.EqualTo(PeerId));
        Assert.That(addr.TryGetValue("udp", out _), Is.False);
        Assert.That(addr.TryGetValue("nonsense", out _), Is.False);
        Assert.Throws<KeyNotFoundException>(() => addr.GetValue("udp"));
        Assert.That(addr.GetPeerIdMultihash(), Is.EqualTo(Base58.Decode(PeerId)));
        Assert.That(Multiaddr.Parse("/ip4/1.2.3.4").GetPeerIdMultihash(), Is.Null);
        Assert.That(addr.Protocols.Select(p => p.Name), Is.EqualTo(new[] { "dns4", "tcp", "tls", "ws", "p2p" }));
        MultiaddrComponent tcp = addr.Components[1];
        Assert.That((tcp.Code, tcp.Name, tcp.Value, tcp.ToString()), Is.EqualTo((6UL, "tcp", "443", "/tcp/443")));
        Assert.That(tcp.ValueBytes.ToArray(), Is.EqualTo(new byte[] { 0x01, 0xbb }));
        Assert.That(addr.Components[2].Value, Is.Null);
    }

    [Test]
    public void Equality_IsBinary()
    {
        Multiaddr a = Multiaddr.Parse("/ip6/0:0::1/tcp/1");
        Multiaddr b = Multiaddr.Parse("/ip6/::1/tcp/1");
        Assert.That(a == b, Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a != Multiaddr.Parse("/ip6/::2/tcp/1"), Is.True);
        Assert.That(b.Equals(null), Is.False);
        Multiaddr c = Multiaddr.Parse("/ip4/9.9.9.9");
        byte[] copy = c.ToBytes();
        copy[0] ^= 0xff;
        Assert.That(c.Bytes.Span[0], Is.Not.EqualTo(copy[0]), "ToBytes returns a copy");
    }

    [Test]
    public void Garlic_RoundTrips()
    {
        byte[] dest = new byte[386];
        new Random(7).NextBytes(dest);
        byte[] bytes = [0xbe, 0x03, 0x82, 0x03, .. dest];
        Multiaddr g64 = Multiaddr.FromBytes(bytes);
        Assert.That(g64.ToString(), Does.StartWith("/garlic64/").And.Not.Contain("+"));
        Assert.That(Multiaddr.Parse(g64.ToString()).ToBytes(), Is.EqualTo(bytes));
        Multiaddr g32 = Multiaddr.Parse("/garlic32/" + new string('a', 52));
        Assert.That(g32.Components[0].ValueBytes.Length, Is.EqualTo(32));
    }
}
