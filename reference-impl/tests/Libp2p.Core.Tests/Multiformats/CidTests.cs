using CsCheck;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>CID v0/v1: binary and string round trips, version rules, malformed input.</summary>
public sealed class CidTests
{
    private static readonly MultibaseEncoding[] TextEncodings = Multibase.Encodings.Where(e => e != MultibaseEncoding.Identity).ToArray();

    [Test]
    public void V1_RoundTripsInEveryEncoding()
    {
        Gen.ULong[0, 1UL << 40].Select(Gen.Byte.Array[0, 48], Gen.Int[0, TextEncodings.Length - 1]).Sample((codec, digest, e) =>
        {
            Cid cid = Cid.V1(codec, Multihash.Encode(Multihash.Sha2_256, digest));
            string text = cid.ToString(TextEncodings[e]);
            return Cid.Parse(text).Equals(cid) && Cid.FromBytes(cid.ToBytes()).Equals(cid) && cid.ToString().StartsWith('b');
        });
    }

    [Test]
    public void V0_IsBase58Sha256_AndConvertsToDagPbV1()
    {
        byte[] mh = Multihash.Sum(Multihash.Sha2_256, "v0"u8);
        Cid v0 = Cid.V0(mh);
        Assert.That(v0.ToString(), Does.StartWith("Qm").And.Length.EqualTo(46));
        Assert.That(Cid.Parse(v0.ToString()), Is.EqualTo(v0));
        Cid v1 = v0.ToV1();
        Assert.That((v1.Version, v1.Codec), Is.EqualTo((1, Multicodec.DagPb)));
        Assert.That(v1, Is.Not.EqualTo(v0));
        Assert.Throws<InvalidOperationException>(() => v0.ToString(MultibaseEncoding.Base32));
        Assert.Throws<CidFormatException>(() => Cid.V0(Multihash.Sum(Multihash.Sha2_512, "v0"u8)));
        // A CIDv0 must not be smuggled in as a multibase string.
        Assert.Throws<CidFormatException>(() => Cid.Parse(Multibase.Encode(MultibaseEncoding.Base32, mh)));
    }

    [Test]
    public void ArbitraryBytes_FailOnlyWithCidFormatException()
    {
        Gen.Byte.Array[0, 50].Sample(bytes =>
        {
            try
            {
                Cid cid = Cid.FromBytes(bytes);
                return cid.ToBytes().AsSpan().SequenceEqual(bytes);
            }
            catch (CidFormatException)
            {
                return true;
            }
        });
    }

    [TestCase("")]
    [TestCase("Qm")]
    [TestCase("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5O")]
    [TestCase("bafy")]
    [TestCase("x123")]
    public void MalformedStrings_AreRejected(string text)
    {
        Assert.Throws<CidFormatException>(() => Cid.Parse(text));
        Assert.That(Cid.TryParse(text, out _), Is.False);
    }
}
