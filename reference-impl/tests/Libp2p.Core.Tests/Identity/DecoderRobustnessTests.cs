using CsCheck;
using Libp2p.Core.Identity;
using Google.Protobuf;
using Libp2p.Core.Records;

namespace Libp2p.Core.Tests.Identity;

/// <summary>Untrusted input gives a value or the decoder's typed error, never anything else.</summary>
public sealed class DecoderRobustnessTests
{
    private static readonly Gen<byte[]> Garbage = Gen.Byte.Array[0, 300];

    private static byte[][] ValidEncodings() =>
    [
        .. KeyPool.All.Select(k => k.PublicKey.ToProtobuf()),
    ];

    [Test]
    public void Random_bytes_decode_as_public_key_or_throw_key_format_exception()
    {
        Garbage.Sample(bytes => Typed<KeyFormatException>(() => PublicKey.FromProtobuf(bytes)), iter: 2000);
        Garbage.Sample(bytes => Typed<KeyFormatException>(() => PrivateKey.FromProtobuf(bytes)), iter: 2000);
    }

    [Test]
    public void Random_key_data_of_every_type_is_rejected_or_accepted_cleanly()
    {
        Gen.Int[0, 3].Select(Gen.Byte.Array[0, 600]).Sample((type, data) =>
        {
            Typed<KeyFormatException>(() => PublicKey.FromRaw((KeyType)type, data));
            byte[] privateProtobuf = [0x08, (byte)type, .. Field2(data)];
            Typed<KeyFormatException>(() => PrivateKey.FromProtobuf(privateProtobuf));
        }, iter: 2000);
    }

    [Test]
    public void Every_truncation_and_one_byte_corruption_of_valid_keys_is_typed()
    {
        foreach (byte[] valid in ValidEncodings())
        {
            for (int length = 0; length < valid.Length; length++)
            {
                Assert.Throws<KeyFormatException>(() => PublicKey.FromProtobuf(valid.AsSpan(0, length)), $"prefix {length}/{valid.Length}");
            }
            Gen.Int[0, valid.Length - 1].Select(Gen.Byte).Sample((position, value) =>
            {
                byte[] corrupt = (byte[])valid.Clone();
                corrupt[position] = value;
                Typed<KeyFormatException>(() => PublicKey.FromProtobuf(corrupt));
            }, iter: 200);
        }
    }

    [Test]
    public void Claimed_lengths_beyond_the_input_do_not_allocate_or_hang()
    {
        // A varint length of ~2^62 with 3 bytes behind it.
        byte[] hostile = [0x08, 0x00, 0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f, 1, 2, 3];
        Assert.Throws<KeyFormatException>(() => PublicKey.FromProtobuf(hostile));
        Assert.Throws<KeyFormatException>(() => PrivateKey.FromProtobuf(hostile));
        Assert.Throws<RecordException>(() => SignedEnvelope.Open([0x0a, .. hostile[3..]], "d"));
        Assert.Throws<KeyFormatException>(() => PublicKey.FromProtobuf(new byte[KeyProtobuf.MaxEncodedLength + 1]));
    }

    [Test]
    public void Random_bytes_as_peer_id_envelope_or_record_give_typed_errors()
    {
        Garbage.Sample(bytes =>
        {
            Typed<PeerIdFormatException>(() => PeerId.FromBytes(bytes));
            Typed<RecordException>(() => SignedEnvelope.Open(bytes, "domain"));
            Typed<RecordException>(() => PeerRecord.FromProtobuf(bytes));
            Typed<RecordException>(() => PeerRecord.Open(bytes));
        }, iter: 3000);
    }

    [Test]
    public void Records_with_random_peer_id_and_address_bytes_give_typed_errors()
    {
        Gen.Byte.Array[0, 40].Select(Gen.Byte.Array[0, 60].Array[0, 4], Gen.ULong).Sample((peerId, addresses, seq) =>
        {
            var message = new Libp2p.Core.Protos.PeerRecord { PeerId = Google.Protobuf.ByteString.CopyFrom(peerId), Seq = seq };
            foreach (byte[] address in addresses)
            {
                message.Addresses.Add(new Libp2p.Core.Protos.PeerRecord.Types.AddressInfo { Multiaddr = Google.Protobuf.ByteString.CopyFrom(address) });
            }
            Typed<RecordException>(() => PeerRecord.FromProtobuf(message.ToByteArray()));
        }, iter: 2000);
    }

    [Test]
    public void Random_strings_never_throw_from_try_parse()
    {
        Gen.String.Sample(text =>
        {
            bool parsed = PeerId.TryParse(text, out PeerId? id);
            Assert.That(parsed, Is.EqualTo(id is not null));
            Typed<PeerIdFormatException>(() => PeerId.Parse(text));
        }, iter: 3000);
        Gen.Char["123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"].Array[1, 60]
            .Sample(chars => Typed<PeerIdFormatException>(() => PeerId.Parse("1" + new string(chars))), iter: 2000);
    }

    [Test]
    public void Truncated_envelopes_are_typed_errors()
    {
        byte[] envelope = SignedEnvelope.Seal(KeyPool.Of(KeyType.Secp256k1), "d", [1, 2], "payload"u8).ToBytes();
        for (int length = 0; length < envelope.Length; length++)
        {
            Assert.Throws<RecordException>(() => SignedEnvelope.Open(envelope.AsSpan(0, length), "d"), $"prefix {length}");
        }
    }

    private static void Typed<TException>(Action action) where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
        }
    }

    private static byte[] Field2(byte[] data)
    {
        var varint = new byte[10];
        int n = Libp2p.Core.Multiformats.Varint.Write(varint, (ulong)data.Length);
        return [0x12, .. varint[..n], .. data];
    }
}
