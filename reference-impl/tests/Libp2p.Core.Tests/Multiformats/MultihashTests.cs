using CsCheck;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>Multihash: encode/parse round trips, known digests, truncation, malformed input.</summary>
public sealed class MultihashTests
{
    [Test]
    public void EncodeParse_RoundTrips()
    {
        Gen.ULong[0, Varint.MaxValue].Select(Gen.Byte.Array[0, 300]).Sample((code, digest) =>
        {
            byte[] encoded = Multihash.Encode(code, digest);
            return Multihash.Parse(encoded, out ReadOnlySpan<byte> parsed) == code && parsed.SequenceEqual(digest);
        });
    }

    [Test]
    public void ArbitraryBytes_NeverThrowFromTryRead()
    {
        Gen.Byte.Array[0, 40].Sample(bytes =>
        {
            MultihashStatus status = Multihash.TryRead(bytes, out _, out ReadOnlySpan<byte> digest, out int consumed);
            return status == MultihashStatus.Ok ? consumed <= bytes.Length && digest.Length <= consumed : consumed == 0;
        });
    }

    [Test]
    public void ProperPrefixes_AreTruncated()
    {
        byte[] full = Multihash.Sum(Multihash.Sha2_256, "hello"u8);
        for (int i = 0; i < full.Length; i++)
        {
            Assert.That(Multihash.Validate(full.AsSpan(0, i), out _, out _), Is.EqualTo(MultihashStatus.Truncated), $"prefix {i}");
        }
    }

    [TestCase(Multihash.Sha1, "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [TestCase(Multihash.Sha2_256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase(Multihash.Sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532")]
    [TestCase(Multihash.Sha3_224, "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf")]
    [TestCase(0xb240UL, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")]
    [TestCase(0xb260UL, "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982")]
    public void KnownDigestsOfAbc(ulong code, string digestHex)
    {
        byte[] result = Multihash.Sum(code, "abc"u8);
        Assert.That(Multihash.Parse(result, out ReadOnlySpan<byte> digest), Is.EqualTo(code));
        Assert.That(Convert.ToHexStringLower(digest), Is.EqualTo(digestHex));
    }

    [Test]
    public void Truncation_TakesThePrefix_AndNeverExtends()
    {
        byte[] full = Multihash.Sum(Multihash.Sha2_512, "x"u8);
        byte[] truncated = Multihash.Sum(Multihash.Sha2_512, "x"u8, 20);
        Multihash.Parse(full, out ReadOnlySpan<byte> fullDigest);
        Multihash.Parse(truncated, out ReadOnlySpan<byte> shortDigest);
        Assert.That(shortDigest.SequenceEqual(fullDigest[..20]), Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => Multihash.Sum(Multihash.Sha2_256, "x"u8, 33));
        Assert.Throws<ArgumentOutOfRangeException>(() => Multihash.Sum(Multihash.Sha2_256, "x"u8, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Multihash.Sum(Multihash.Identity, "xy"u8, 1));
        Assert.Throws<NotSupportedException>(() => Multihash.Sum(0x1234, "x"u8));
    }

    [Test]
    public void Identity_EmbedsTheData()
    {
        Gen.Byte.Array[0, 64].Sample(data =>
        {
            byte[] mh = Multihash.Sum(Multihash.Identity, data);
            return Multihash.Parse(mh, out ReadOnlySpan<byte> digest) == Multihash.Identity && digest.SequenceEqual(data);
        });
    }

    [TestCase(new byte[] { 0x80, 0x00, 0x00 }, MultihashStatus.InvalidVarint)]
    [TestCase(new byte[] { 0x12, 0x80, 0x00 }, MultihashStatus.InvalidVarint)]
    [TestCase(new byte[] { 0x12, 0xff, 0xff, 0x03 }, MultihashStatus.DigestTooLong)]
    [TestCase(new byte[] { 0x12, 0x02, 0x01 }, MultihashStatus.Truncated)]
    [TestCase(new byte[0], MultihashStatus.Truncated)]
    [TestCase(new byte[] { 0x00, 0x00, 0x00 }, MultihashStatus.TrailingBytes)]
    public void Malformed_IsTypedError(byte[] bytes, MultihashStatus status)
    {
        Assert.That(Multihash.Validate(bytes, out _, out _), Is.EqualTo(status));
        var ex = Assert.Throws<MultihashFormatException>(() => Multihash.Parse(bytes, out _));
        Assert.That(ex!.Status, Is.EqualTo(status));
        Assert.That(Multihash.IsValid(bytes), Is.False);
    }

    [Test]
    public void Encode_RejectsOversizedDigest()
        => Assert.Throws<ArgumentException>(() => Multihash.Encode(Multihash.Identity, new byte[Multihash.MaxDigestLength + 1]));
}
