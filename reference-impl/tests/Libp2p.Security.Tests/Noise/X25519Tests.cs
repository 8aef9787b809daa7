using System.Security.Cryptography;
using CsCheck;
using Libp2p.Security.Tests.Support;
using Ours = Libp2p.Core.Crypto.X25519;
using Reference = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace Libp2p.Security.Tests.Noise;

/// <summary>The managed X25519 (Libp2p.Core.Crypto) against RFC 7748 byte for byte and BouncyCastle on random inputs.</summary>
public sealed class X25519Tests
{
    [TestCase("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")]
    [TestCase("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957")]
    public void Matches_rfc7748_section_5_2_vectors(string scalar, string u, string expected)
    {
        var result = new byte[32];
        Ours.ScalarMult(Hex.Decode(scalar), Hex.Decode(u), result);
        Assert.That(Hex.Encode(result), Is.EqualTo(expected));
    }

    [Test]
    public void Matches_rfc7748_section_5_2_iterated_vector_after_1_and_1000_iterations()
    {
        var k = new byte[32];
        var u = new byte[32];
        var next = new byte[32];
        k[0] = 9;
        u[0] = 9;
        for (int i = 1; i <= 1000; i++)
        {
            Ours.ScalarMult(k, u, next);
            k.CopyTo(u, 0);
            next.CopyTo(k, 0);
            if (i == 1)
            {
                Assert.That(Hex.Encode(k), Is.EqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
            }
        }
        Assert.That(Hex.Encode(k), Is.EqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
    }

    [Test]
    public void Matches_rfc7748_section_6_1_diffie_hellman()
    {
        byte[] alicePrivate = Hex.Decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = Hex.Decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        var alicePublic = new byte[32];
        var bobPublic = new byte[32];
        Ours.ScalarMultBase(alicePrivate, alicePublic);
        Ours.ScalarMultBase(bobPrivate, bobPublic);
        Assert.That(Hex.Encode(alicePublic), Is.EqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
        Assert.That(Hex.Encode(bobPublic), Is.EqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));

        var aliceShared = new byte[32];
        var bobShared = new byte[32];
        Assert.That(Ours.TryAgree(alicePrivate, bobPublic, aliceShared), Is.True);
        Assert.That(Ours.TryAgree(bobPrivate, alicePublic, bobShared), Is.True);
        Assert.That(Hex.Encode(aliceShared), Is.EqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
        Assert.That(Hex.Encode(bobShared), Is.EqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
    }

    [TestCase("0000000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("0100000000000000000000000000000000000000000000000000000000000000")]
    [TestCase("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")]
    [TestCase("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    [TestCase("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    public void Rejects_low_order_points_with_an_all_zero_secret(string lowOrderPoint)
    {
        var shared = new byte[32];
        Assert.That(Ours.TryAgree(RandomNumberGenerator.GetBytes(32), Hex.Decode(lowOrderPoint), shared), Is.False);
        Assert.That(shared, Is.All.EqualTo((byte)0));
    }

    [Test]
    public void Agrees_with_bouncycastle_on_random_scalars_and_u_coordinates()
    {
        // Random 32-byte u values include non-canonical ones (>= p) and ones with the top bit set.
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((scalar, u) =>
        {
            var ours = new byte[32];
            var reference = new byte[32];
            Ours.ScalarMult(scalar, u, ours);
            Reference.ScalarMult(scalar, 0, u, 0, reference, 0);
            return ours.AsSpan().SequenceEqual(reference);
        }, iter: 300);
    }

    [Test]
    public void Agrees_with_bouncycastle_on_u_coordinates_at_the_edge_of_the_field()
    {
        // Values near p = 2^255 - 19 and 2^255 exercise the final reduction.
        Gen.Select(Gen.Byte.Array[32], Gen.Int[0, 40], Gen.Bool).Sample((scalar, offset, topBit) =>
        {
            var u = Enumerable.Repeat((byte)0xff, 32).ToArray();
            u[31] = topBit ? (byte)0xff : (byte)0x7f;
            u[0] = (byte)(0xff - offset);
            var ours = new byte[32];
            var reference = new byte[32];
            Ours.ScalarMult(scalar, u, ours);
            Reference.ScalarMult(scalar, 0, u, 0, reference, 0);
            return ours.AsSpan().SequenceEqual(reference);
        }, iter: 100);
    }

    [Test]
    public void Public_keys_agree_with_bouncycastle()
    {
        Gen.Byte.Array[32].Sample(scalar =>
        {
            var ours = new byte[32];
            var reference = new byte[32];
            Ours.ScalarMultBase(scalar, ours);
            Reference.ScalarMultBase(scalar, 0, reference, 0);
            return ours.AsSpan().SequenceEqual(reference);
        }, iter: 200);
    }

    [Test]
    public void Rejects_inputs_of_the_wrong_length()
    {
        var output = new byte[32];
        Assert.Throws<ArgumentException>(() => Ours.ScalarMult(new byte[31], new byte[32], output));
        Assert.Throws<ArgumentException>(() => Ours.ScalarMult(new byte[32], new byte[33], output));
        Assert.Throws<ArgumentException>(() => Ours.ScalarMult(new byte[32], new byte[32], new byte[31]));
    }
}
