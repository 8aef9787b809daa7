using System.Buffers;
using CsCheck;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Protos;
using Libp2p.Security.Plaintext;
using Libp2p.Security.Tests.Support;
using KeyType = Libp2p.Core.Identity.KeyType;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Security.Tests.Plaintext;

public sealed class PlaintextExchangeCodecTests
{
    [TestCase(KeyType.Ed25519)]
    [TestCase(KeyType.Secp256k1)]
    [TestCase(KeyType.Ecdsa)]
    [TestCase(KeyType.Rsa)]
    public void Exchange_round_trips_across_any_segmentation(KeyType type)
    {
        PublicKey key = PrivateKey.Generate(type).PublicKey;
        var writer = new ArrayBufferWriter<byte>();
        PlaintextExchangeCodec.Write(writer, key);
        byte[] encoded = [.. writer.WrittenSpan, 0xAB, 0xCD];
        Gen.Int[0, encoded.Length].Array[0, 6].Sample(cuts =>
        {
            ReadOnlySequence<byte> sequence = Segments.Split(encoded, cuts);
            bool done = PlaintextExchangeCodec.TryRead(ref sequence, 8192, out PublicKey remote, out PeerId peer);
            return done && remote.Equals(key) && peer.Equals(PeerId.FromPublicKey(key)) && sequence.ToArray().SequenceEqual(new byte[] { 0xAB, 0xCD });
        }, iter: 50);
    }

    [Test]
    public void Prefixes_ask_for_more_bytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        PlaintextExchangeCodec.Write(writer, PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        byte[] encoded = writer.WrittenSpan.ToArray();
        for (int length = 0; length < encoded.Length; length++)
        {
            var sequence = new ReadOnlySequence<byte>(encoded, 0, length);
            Assert.That(PlaintextExchangeCodec.TryRead(ref sequence, 8192, out _, out _), Is.False);
        }
    }

    [Test]
    public void Oversize_length_prefix_is_rejected_before_the_body_arrives()
    {
        var prefix = new byte[Varint.MaxLength];
        int n = Varint.Write(prefix, 1UL << 40);
        var sequence = new ReadOnlySequence<byte>(prefix, 0, n);
        Assert.Throws<PlaintextException>(() => PlaintextExchangeCodec.TryRead(ref sequence, 8192, out _, out _));
    }

    [Test]
    public void Id_that_does_not_match_the_key_is_rejected()
    {
        PublicKey key = PrivateKey.Generate(KeyType.Ed25519).PublicKey;
        PeerId other = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        var exchange = new Exchange
        {
            Id = ByteString.CopyFrom(other.Bytes),
            Pubkey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(key.ToProtobuf()),
        };
        var sequence = new ReadOnlySequence<byte>(LengthPrefixed(exchange.ToByteArray()));
        Assert.Throws<PlaintextException>(() => PlaintextExchangeCodec.TryRead(ref sequence, 8192, out _, out _));
    }

    [Test]
    public void Exchange_missing_a_field_is_rejected()
    {
        PublicKey key = PrivateKey.Generate(KeyType.Ed25519).PublicKey;
        var noKey = new Exchange { Id = ByteString.CopyFrom(PeerId.FromPublicKey(key).Bytes) };
        var noId = new Exchange { Pubkey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(key.ToProtobuf()) };
        foreach (Exchange exchange in new[] { noKey, noId })
        {
            var sequence = new ReadOnlySequence<byte>(LengthPrefixed(exchange.ToByteArray()));
            Assert.Throws<PlaintextException>(() => PlaintextExchangeCodec.TryRead(ref sequence, 8192, out _, out _));
        }
    }

    [Test]
    public void Random_bytes_need_more_data_or_fail_with_a_typed_error()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var sequence = new ReadOnlySequence<byte>(bytes);
            try
            {
                return !PlaintextExchangeCodec.TryRead(ref sequence, 8192, out _, out _);
            }
            catch (PlaintextException)
            {
                return true;
            }
        }, iter: 1000);
    }

    private static byte[] LengthPrefixed(byte[] body)
    {
        var prefix = new byte[Varint.MaxLength];
        int n = Varint.Write(prefix, (ulong)body.Length);
        return [.. prefix.AsSpan(0, n), .. body];
    }
}
