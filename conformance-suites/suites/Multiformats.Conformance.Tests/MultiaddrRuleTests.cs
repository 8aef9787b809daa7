using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>Multiaddr rules from the README and protocols/*.md that the vector files do not exercise.</summary>
public sealed class MultiaddrRuleTests
{
    private const string PeerId = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";

    /// <summary>Malformed text is a typed error naming the component.</summary>
    [TestCase("", null)]
    [TestCase("ip4/1.2.3.4", null)]
    [TestCase("/nope/1", "nope")]
    [TestCase("/tcp", "tcp")]
    [TestCase("/ip4/1.2.3.4/tcp/", "tcp")]
    [TestCase("/ip4/300.1.1.1", "ip4")]
    [TestCase("/ip6/::g", "ip6")]
    [TestCase("/p2p/notapeerid", "p2p")]
    [Requirement("MADDR-TXT-003")]
    public void MalformedText_IsTypedError(string text, string? component)
    {
        var ex = Assert.Throws<MultiaddrFormatException>(() => Multiaddr.Parse(text));
        Assert.That(ex!.Component, Is.EqualTo(component));
    }

    /// <summary>IP values: dotted quads, RFC 5952 canonical IPv6 output.</summary>
    [TestCase("/ip4/0.0.0.0", "/ip4/0.0.0.0")]
    [TestCase("/ip4/255.255.255.255", "/ip4/255.255.255.255")]
    [TestCase("/ip6/2001:DB8:0:0:0:0:0:1", "/ip6/2001:db8::1")]
    [TestCase("/ip6/2001:db8:0:0:1:0:0:1", "/ip6/2001:db8::1:0:0:1")]
    [TestCase("/ip6/0:0:0:0:0:0:0:1", "/ip6/::1")]
    [TestCase("/ip6/2001:db8:0:1:1:1:1:1", "/ip6/2001:db8:0:1:1:1:1:1")]
    [Requirement("MADDR-TXT-004")]
    public void IpValues_AreCanonical(string text, string canonical)
        => Assert.That(Multiaddr.Parse(text).ToString(), Is.EqualTo(canonical));

    /// <summary>Ports are decimal 0..65535 for tcp, udp, dccp and sctp.</summary>
    [Test]
    [Requirement("MADDR-TXT-005")]
    public void Ports_AreDecimal0To65535()
    {
        foreach (string protocol in new[] { "tcp", "udp", "dccp", "sctp" })
        {
            Assert.That(Multiaddr.Parse($"/{protocol}/0").Components[0].ValueBytes.ToArray(), Is.EqualTo(new byte[] { 0, 0 }));
            Assert.That(Multiaddr.Parse($"/{protocol}/65535").Components[0].ValueBytes.ToArray(), Is.EqualTo(new byte[] { 0xff, 0xff }));
            foreach (string bad in new[] { "65536", "-1", "1e3", "0x10", "" })
            {
                Assert.That(Multiaddr.TryParse($"/{protocol}/{bad}", out _), Is.False, $"/{protocol}/{bad}");
            }
        }
    }

    /// <summary>certhash: any multibase in, the multihash bytes in binary, base64url out.</summary>
    [Test]
    [Requirement("MADDR-TXT-008")]
    public void Certhash_IsMultibaseMultihash()
    {
        byte[] mh = Multihash.Sum(Multihash.Sha2_256, "certificate"u8);
        Multiaddr addr = Multiaddr.Parse("/ip4/127.0.0.1/udp/1/quic-v1/webtransport/certhash/" + Multibase.Encode(MultibaseEncoding.Base58Btc, mh));
        Assert.That(addr.Components[^1].ValueBytes.ToArray(), Is.EqualTo(mh));
        Assert.That(addr.Components[^1].Value, Is.EqualTo(Multibase.Encode(MultibaseEncoding.Base64Url, mh)));
        Assert.That(Multiaddr.TryParse("/certhash/" + Multibase.Encode(MultibaseEncoding.Base32, [0x12, 0x20, 0x01]), out _), Is.False, "not a multihash");
    }

    /// <summary>p2p: base58 multihash or CIDv1 libp2p-key in, multihash in binary, /ipfs is an alias.</summary>
    [Test]
    [Requirement("MADDR-TXT-007")]
    public void P2p_IsPeerIdMultihash()
    {
        byte[] mh = Base58.Decode(PeerId);
        Multiaddr viaCid = Multiaddr.Parse("/p2p/" + Cid.V1(Multicodec.Libp2pKey, mh));
        Multiaddr viaIpfs = Multiaddr.Parse("/ipfs/" + PeerId);
        Assert.That(viaCid, Is.EqualTo(viaIpfs));
        Assert.That(viaIpfs.ToString(), Is.EqualTo("/p2p/" + PeerId));
        Assert.That(viaIpfs.GetPeerIdMultihash(), Is.EqualTo(mh));
        Assert.That(Multiaddr.TryParse("/p2p/" + Cid.V1(Multicodec.DagPb, mh), out _), Is.False, "CID codec must be libp2p-key");
    }

    /// <summary>onion: 16 base32 characters and a port (12 bytes); onion3: 56 characters and a port (37 bytes).</summary>
    [Test]
    [Requirement("MADDR-TXT-010")]
    public void Onion_Layout()
    {
        Multiaddr onion = Multiaddr.Parse("/onion/timaq4ygg2iegci7:1234");
        Assert.That(Convert.ToHexStringLower(onion.Components[0].ValueBytes.Span), Is.EqualTo("9a18087306369043091f04d2"));
        Assert.That(onion.ToString(), Is.EqualTo("/onion/timaq4ygg2iegci7:1234"));
        const string V3 = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd";
        Multiaddr onion3 = Multiaddr.Parse($"/onion3/{V3}:1234");
        Assert.That(onion3.Components[0].ValueBytes.Length, Is.EqualTo(37));
        Assert.That(onion3.ToString(), Is.EqualTo($"/onion3/{V3}:1234"));
        Assert.That(Multiaddr.TryParse("/onion/timaq4ygg2iegci7:0", out _), Is.False);
        Assert.That(Multiaddr.TryParse("/onion/timaq4ygg2iegci:1234", out _), Is.False);
        Assert.That(Multiaddr.TryParse($"/onion3/{V3}", out _), Is.False);
    }

    /// <summary>Unknown codes, truncation, bad varints and garbage after the last component are typed errors.</summary>
    [TestCase("ffff03")]
    [TestCase("04c00002")]
    [TestCase("0601")]
    [TestCase("350561")]
    [TestCase("8000")]
    [TestCase("ffffffffffffffffff01")]
    [TestCase("04c000022a06")]
    [Requirement("MADDR-BIN-005")]
    public void MalformedBinary_IsTypedError(string hex)
    {
        Assert.Throws<MultiaddrFormatException>(() => Multiaddr.FromBytes(Convert.FromHexString(hex)));
    }

    /// <summary>A 4 GiB declared value length fails from the header without allocating anything like it.</summary>
    [Test]
    [Requirement("MADDR-BIN-006")]
    public void HugeDeclaredLength_DoesNotAllocate()
    {
        byte[] bytes = [0x90, 0x03, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x2f];
        Multiaddr.TryFromBytes(bytes, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(Multiaddr.TryFromBytes(bytes, out _), Is.False);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1024));
    }

    /// <summary>Encapsulation appends without sanity checks; decapsulation cuts at the last occurrence.</summary>
    [Test]
    [Requirement("MADDR-ENC-001")]
    [Requirement("MADDR-ENC-002")]
    public void EncapsulateDecapsulate()
    {
        Multiaddr a = Multiaddr.Parse("/ip4/1.2.3.4/tcp/1");
        Multiaddr odd = a.Encapsulate("/ip4/5.6.7.8/tcp/1/tcp/2");
        Assert.That(odd.ToString(), Is.EqualTo("/ip4/1.2.3.4/tcp/1/ip4/5.6.7.8/tcp/1/tcp/2"));
        Assert.That(odd.ToBytes(), Is.EqualTo(a.ToBytes().Concat(Multiaddr.Parse("/ip4/5.6.7.8/tcp/1/tcp/2").ToBytes()).ToArray()));
        Assert.That(odd.Decapsulate("/tcp/1").ToString(), Is.EqualTo("/ip4/1.2.3.4/tcp/1/ip4/5.6.7.8"));
        Assert.That(odd.Decapsulate("/ip4/5.6.7.8").ToString(), Is.EqualTo("/ip4/1.2.3.4/tcp/1"));
        Assert.That(odd.Decapsulate("/ip4/1.2.3.4").IsEmpty, Is.True);
    }
}
