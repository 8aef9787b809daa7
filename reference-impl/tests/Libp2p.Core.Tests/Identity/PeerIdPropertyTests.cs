using CsCheck;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Identity;

public sealed class PeerIdPropertyTests
{
    private static readonly MultibaseEncoding[] CidEncodings =
        [MultibaseEncoding.Base32, MultibaseEncoding.Base36, MultibaseEncoding.Base58Btc, MultibaseEncoding.Base16, MultibaseEncoding.Base64Url];

    [Test]
    public void Text_and_binary_forms_round_trip_for_ed25519_ids()
    {
        Gen.Byte.Array[32].Select(Gen.Int[0, CidEncodings.Length - 1]).Sample((seed, e) =>
        {
            PublicKey key = PrivateKey.Ed25519FromSeed(seed).PublicKey;
            PeerId id = PeerId.FromPublicKey(key);

            Assert.That(PeerId.Parse(id.ToString()), Is.EqualTo(id));
            Assert.That(PeerId.Parse(id.ToCidString(CidEncodings[e])), Is.EqualTo(id));
            Assert.That(PeerId.FromBytes(id.Bytes), Is.EqualTo(id));
            Assert.That(id.TryExtractPublicKey(), Is.EqualTo(key));
            Assert.That(id.Matches(key), Is.True);
            Assert.That(id.ToString(), Does.StartWith("12D3KooW"));
        }, iter: 300);
    }

    [Test]
    public void Sha256_ids_round_trip_and_match_only_their_key()
    {
        foreach (PrivateKey key in KeyPool.All.Where(k => k.Type is KeyType.Rsa or KeyType.Ecdsa))
        {
            PeerId id = PeerId.FromPublicKey(key.PublicKey);
            Assert.That(id.IsInlineKey, Is.False);
            Assert.That(id.TryExtractPublicKey(), Is.Null);
            Assert.That(PeerId.Parse(id.ToString()), Is.EqualTo(id));
            Assert.That(PeerId.Parse(id.ToCidString()), Is.EqualTo(id));
            Assert.That(id.Matches(key.PublicKey), Is.True);
            foreach (PrivateKey other in KeyPool.All.Where(k => k != key))
            {
                Assert.That(id.Matches(other.PublicKey), Is.False);
            }
        }
    }

    [Test]
    public void Any_32_byte_digest_is_a_valid_sha256_peer_id()
    {
        Gen.Byte.Array[32].Sample(digest =>
        {
            PeerId id = PeerId.FromBytes([0x12, 0x20, .. digest]);
            Assert.That(id.ToString(), Does.StartWith("Qm"));
            Assert.That(PeerId.Parse(id.ToCidString(MultibaseEncoding.Base36)), Is.EqualTo(id));
        }, iter: 300);
    }

    [Test]
    public void Equal_ids_hash_equally_and_work_as_dictionary_keys()
    {
        PeerId a = PeerId.FromPublicKey(KeyPool.Of(KeyType.Secp256k1).PublicKey);
        PeerId b = PeerId.Parse(a.ToCidString());
        var set = new HashSet<PeerId> { a };

        Assert.That(set.Contains(b), Is.True);
        Assert.That(a == b, Is.True);
        Assert.That(a != PeerId.FromPublicKey(KeyPool.Of(KeyType.Secp256k1, 1).PublicKey), Is.True);
        byte[] copy = a.ToBytes();
        copy[^1] ^= 1;
        Assert.That(a.ToBytes(), Is.Not.EqualTo(copy), "ToBytes returns a copy");
    }

    [Test]
    public void Identity_id_with_a_non_key_payload_extracts_nothing()
    {
        PeerId id = PeerId.FromBytes([0x00, 0x05, 1, 2, 3, 4, 5]);

        Assert.That(id.TryExtractPublicKey(), Is.Null);
        Assert.That(id.Matches(KeyPool.Of(KeyType.Ed25519).PublicKey), Is.False);
    }
}
