using CsCheck;
using Libp2p.Core.Identity;

namespace Libp2p.Core.Tests.Identity;

public sealed class KeyPropertyTests
{
    private static readonly KeyType[] AllTypes = [KeyType.Ed25519, KeyType.Secp256k1, KeyType.Ecdsa, KeyType.Rsa];

    [Test]
    public void Ed25519_keys_from_any_seed_round_trip_and_sign()
    {
        Gen.Byte.Array[32].Select(Gen.Byte.Array[0, 200]).Sample((seed, message) =>
        {
            PrivateKey key = PrivateKey.Ed25519FromSeed(seed);
            PrivateKey decoded = PrivateKey.FromProtobuf(key.ToProtobuf());
            PublicKey publicKey = PublicKey.FromProtobuf(key.PublicKey.ToProtobuf());

            Assert.That(decoded.ToProtobuf(), Is.EqualTo(key.ToProtobuf()));
            Assert.That(publicKey, Is.EqualTo(key.PublicKey));
            Assert.That(publicKey.GetHashCode(), Is.EqualTo(key.PublicKey.GetHashCode()));
            Assert.That(PublicKey.FromRaw(KeyType.Ed25519, publicKey.Raw.Span), Is.EqualTo(publicKey));
            Assert.That(publicKey.Verify(message, decoded.Sign(message)), Is.True);
        }, iter: 300);
    }

    [Test]
    public void Secp256k1_keys_from_any_valid_scalar_round_trip_and_sign()
    {
        Gen.Byte.Array[32].Where(b => b.Any(x => x != 0) && b[0] < 0xff).Select(Gen.Byte.Array[0, 200]).Sample((scalar, message) =>
        {
            byte[] protobuf = [0x08, 0x02, 0x12, 0x20, .. scalar];
            PrivateKey key = PrivateKey.FromProtobuf(protobuf);

            Assert.That(key.ToProtobuf(), Is.EqualTo(protobuf));
            Assert.That(PublicKey.FromProtobuf(key.PublicKey.ToProtobuf()), Is.EqualTo(key.PublicKey));
            byte[] signature = key.Sign(message);
            Assert.That(key.PublicKey.Verify(message, signature), Is.True);
        }, iter: 100);
    }

    [TestCaseSource(nameof(AllTypes))]
    public void Signatures_verify_and_fail_when_tampered_or_checked_with_another_key(KeyType type)
    {
        PrivateKey key = KeyPool.Of(type, 0);
        PrivateKey other = KeyPool.Of(type, 1);
        long iterations = type == KeyType.Rsa ? 20 : 100;
        Gen.Byte.Array[0, 300].Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 7]).Sample((message, position, bit) =>
        {
            byte[] signature = key.Sign(message);
            byte[] tampered = (byte[])signature.Clone();
            tampered[position % tampered.Length] ^= (byte)(1 << bit);
            byte[] otherMessage = [.. message, 0x2a];

            Assert.That(key.PublicKey.Verify(message, signature), Is.True);
            Assert.That(key.PublicKey.Verify(message, tampered), Is.False);
            Assert.That(key.PublicKey.Verify(otherMessage, signature), Is.False);
            Assert.That(other.PublicKey.Verify(message, signature), Is.False);
        }, iter: iterations);
    }

    [TestCaseSource(nameof(AllTypes))]
    public void Garbage_signatures_return_false_without_throwing(KeyType type)
    {
        PublicKey key = KeyPool.Of(type).PublicKey;
        Gen.Byte.Array[0, 600].Sample(signature => Assert.That(key.Verify("message"u8, signature), Is.False), iter: 300);
    }

    [TestCaseSource(nameof(AllTypes))]
    public void Pool_keys_round_trip_through_both_protobufs(KeyType type)
    {
        foreach (PrivateKey key in KeyPool.All.Where(k => k.Type == type))
        {
            PrivateKey decoded = PrivateKey.FromProtobuf(key.ToProtobuf());
            Assert.That(decoded.ToProtobuf(), Is.EqualTo(key.ToProtobuf()));
            Assert.That(decoded.PublicKey, Is.EqualTo(key.PublicKey));
            Assert.That(PublicKey.FromProtobuf(key.PublicKey.ToProtobuf()).ToProtobuf(), Is.EqualTo(key.PublicKey.ToProtobuf()));
            Assert.That(key.PublicKey.ToProtobuf()[..2], Is.EqualTo(new byte[] { 0x08, (byte)type }));
        }
    }

    [Test]
    public void Secp256k1_signatures_are_low_s()
    {
        PrivateKey key = KeyPool.Of(KeyType.Secp256k1);
        var halfOrder = System.Numerics.BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber);
        Gen.Byte.Array[0, 64].Sample(message =>
        {
            var reader = new System.Formats.Asn1.AsnReader(key.Sign(message), System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
            reader.ReadInteger();
            Assert.That(reader.ReadInteger(), Is.LessThanOrEqualTo(halfOrder));
        }, iter: 100);
    }

    [Test]
    public void Equality_distinguishes_types_and_bytes()
    {
        PublicKey a = KeyPool.Of(KeyType.Ed25519, 0).PublicKey;
        PublicKey b = KeyPool.Of(KeyType.Ed25519, 1).PublicKey;

        Assert.That(a == PublicKey.FromProtobuf(a.ToProtobuf()), Is.True);
        Assert.That(a != b, Is.True);
        Assert.That(a.Equals(KeyPool.Of(KeyType.Secp256k1).PublicKey), Is.False);
    }

    [Test]
    public void Seed_of_wrong_length_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => PrivateKey.Ed25519FromSeed(new byte[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RsaPrivateKey.Generate(1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => RsaPrivateKey.Generate(16384));
    }
}
