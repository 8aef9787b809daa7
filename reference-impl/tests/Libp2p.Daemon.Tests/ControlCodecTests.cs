using System.Buffers;
using CsCheck;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Daemon.Protocol;

namespace Libp2p.Daemon.Tests;

/// <summary>The control framing and request decoder: vectors, limits and properties over arbitrary input.</summary>
public sealed class ControlCodecTests
{
    private static readonly PeerId SomePeer = PeerId.FromPublicKey(PrivateKey.Ed25519FromSeed(new byte[32]).PublicKey);

    [Test]
    [Requirement("DAEMON-CTRL-001")]
    public void A_request_round_trips_through_its_length_prefix()
    {
        var request = new Request { Type = Request.Types.Type.StreamOpen, StreamOpen = new StreamOpenRequest { Peer = ByteString.CopyFrom(SomePeer.Bytes) } };
        request.StreamOpen.Proto.Add("/echo/1.0.0");
        byte[] framed = ControlFrame.ToArray(request);
        Assert.That(framed[0], Is.EqualTo(request.CalculateSize()), "a short message has a one-byte varint prefix");
        var buffer = new ReadOnlySequence<byte>(framed);
        Assert.That(ControlFrame.TryRead(buffer, ControlFrame.DefaultMaxLength, out ReadOnlySequence<byte> payload, out SequencePosition consumed), Is.EqualTo(ControlFrameStatus.Complete));
        Assert.That(buffer.Slice(consumed).IsEmpty, Is.True);
        Assert.That(ControlRequestDecoder.Decode(payload), Is.EqualTo(request));
    }

    [Test]
    [Requirement("DAEMON-CTRL-003")]
    public void Prefix_problems_are_classified_without_reading_the_payload()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Status([]), Is.EqualTo(ControlFrameStatus.Incomplete));
            Assert.That(Status([0x80]), Is.EqualTo(ControlFrameStatus.Incomplete));
            Assert.That(Status([0x05, 1, 2]), Is.EqualTo(ControlFrameStatus.Incomplete));
            Assert.That(Status([0x81, 0x00]), Is.EqualTo(ControlFrameStatus.BadLength), "not minimal");
            Assert.That(Status([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]), Is.EqualTo(ControlFrameStatus.BadLength), "over 9 bytes");
            Assert.That(Status([0x80, 0x80, 0x80, 0x01]), Is.EqualTo(ControlFrameStatus.TooLarge), "2 MiB announced, 1 MiB allowed");
        });
    }

    [Test]
    [Requirement("DAEMON-CTRL-003")]
    public void Malformed_requests_raise_a_typed_error()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => ControlRequestDecoder.Decode([0x0A, 0x05, 0x01]), Throws.TypeOf<ControlProtocolException>().With.Message.Contains("malformed"), "truncated length-delimited field");
            Assert.That(() => ControlRequestDecoder.Decode([]), Throws.TypeOf<ControlProtocolException>().With.Message.Contains("no type"));
            Assert.That(() => ControlRequestDecoder.Decode([0x08, 0x2A]), Throws.TypeOf<ControlProtocolException>().With.Message.Contains("unknown request type 42"));
            Assert.That(() => ControlRequestDecoder.Decode([0x08, 0x01]), Throws.TypeOf<ControlProtocolException>().With.Message.Contains("CONNECT request without its body"));
            Assert.That(() => ControlRequestDecoder.Decode(Encode(new Request { Type = Request.Types.Type.StreamOpen, StreamOpen = new StreamOpenRequest { Peer = ByteString.CopyFrom(SomePeer.Bytes) } })),
                Throws.TypeOf<ControlProtocolException>().With.Message.Contains("names no protocol"));
            Assert.That(() => ControlRequestDecoder.Decode(Encode(new Request { Type = Request.Types.Type.Disconnect, Disconnect = new DisconnectRequest { Peer = ByteString.CopyFrom([1, 2, 3]) } })),
                Throws.TypeOf<ControlProtocolException>().With.Message.Contains("not a peer ID"));
        });
    }

    [Test]
    [Requirement("DAEMON-CTRL-003")]
    public void Arbitrary_bytes_never_escape_as_anything_but_a_typed_error()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            ControlFrameStatus status = ControlFrame.TryRead(buffer, 256, out ReadOnlySequence<byte> payload, out _);
            if (status == ControlFrameStatus.Complete && payload.Length > 256)
            {
                throw new InvalidOperationException("a complete frame above the limit");
            }
            try
            {
                ControlRequestDecoder.Decode(bytes);
            }
            catch (ControlProtocolException)
            {
                // The only failure the decoder may report.
            }
        }, iter: 20_000);
    }

    [Test]
    [Requirement("DAEMON-CTRL-001")]
    public void Valid_requests_survive_framing_split_at_any_point()
    {
        Gen<Request> requests = Gen.OneOf(
            Gen.Const(new Request { Type = Request.Types.Type.Identify }),
            Gen.Const(new Request { Type = Request.Types.Type.ListPeers }),
            Gen.String[1, 40].Select(p =>
            {
                var r = new Request { Type = Request.Types.Type.StreamOpen, StreamOpen = new StreamOpenRequest { Peer = ByteString.CopyFrom(SomePeer.Bytes) } };
                r.StreamOpen.Proto.Add("/" + p);
                return r;
            }));
        requests.Select(Gen.Int[0, 1000]).Sample((request, cut) =>
        {
            byte[] framed = ControlFrame.ToArray(request);
            int split = cut % (framed.Length + 1);
            ControlFrameStatus partial = ControlFrame.TryRead(new ReadOnlySequence<byte>(framed, 0, split), ControlFrame.DefaultMaxLength, out _, out _);
            if (split < framed.Length && partial != ControlFrameStatus.Incomplete)
            {
                throw new InvalidOperationException($"a prefix of {split}/{framed.Length} bytes read as {partial}");
            }
            if (ControlFrame.TryRead(new ReadOnlySequence<byte>(framed), ControlFrame.DefaultMaxLength, out ReadOnlySequence<byte> payload, out _) != ControlFrameStatus.Complete
                || !ControlRequestDecoder.Decode(payload).Equals(request))
            {
                throw new InvalidOperationException("the whole frame did not decode to the request");
            }
        });
    }

    private static ControlFrameStatus Status(byte[] bytes) => ControlFrame.TryRead(new ReadOnlySequence<byte>(bytes), ControlFrame.DefaultMaxLength, out _, out _);

    private static byte[] Encode(Request request) => request.ToByteArray();
}
