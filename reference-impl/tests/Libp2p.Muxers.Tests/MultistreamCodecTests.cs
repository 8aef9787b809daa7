using System.Buffers;
using CsCheck;
using Libp2p.Multistream;

namespace Libp2p.Muxers.Tests;

/// <summary>The multistream-select message codec (multiformats/multistream-select README, "Protocol").</summary>
public sealed class MultistreamCodecTests
{
    private static readonly Gen<string> GenProtocolId =
        Gen.String[Gen.Char['!', '~'], 0, 200].Select(s => "/" + s);

    private static byte[] Encode(string message)
    {
        ArrayBufferWriter<byte> writer = new();
        MultistreamCodec.WriteMessage(writer, message);
        return writer.WrittenSpan.ToArray();
    }

    [Test]
    public void Golden_header_and_na()
    {
        Assert.That(Encode("na"), Is.EqualTo(new byte[] { 0x03, 0x6e, 0x61, 0x0a }));
        Assert.That(Encode(MultistreamCodec.ProtocolId), Is.EqualTo(new byte[] { 0x13 }.Concat("/multistream/1.0.0"u8.ToArray()).Append((byte)0x0a).ToArray()));
    }

    [Test]
    public void Round_trips_across_segment_boundaries() =>
        Gen.Select(GenProtocolId, Gen.Int[0, 210]).Sample((id, split) =>
        {
            byte[] bytes = Encode(id);
            var status = MultistreamCodec.TryReadMessage(Segments.Split(bytes, split), 1024, out string decoded, out _);
            return status == MultistreamReadStatus.Ok && decoded == id && MultistreamCodec.IsValidProtocolId(id);
        });

    [Test]
    public void Every_strict_prefix_needs_more_data() =>
        GenProtocolId.Sample(id =>
        {
            byte[] bytes = Encode(id);
            return Enumerable.Range(0, bytes.Length).All(n =>
                MultistreamCodec.TryReadMessage(new ReadOnlySequence<byte>(bytes, 0, n), 1024, out _, out _) == MultistreamReadStatus.NeedMoreData);
        });

    [Test]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var status = MultistreamCodec.TryReadMessage(new ReadOnlySequence<byte>(bytes), 1024, out string message, out _);
            return status != MultistreamReadStatus.Ok || !message.Contains('\n', StringComparison.Ordinal);
        });

    [Test]
    public void Oversized_length_is_rejected_before_the_body()
    {
        byte[] prefix = [0x81, 0x08];
        Assert.That(MultistreamCodec.TryReadMessage(new ReadOnlySequence<byte>(prefix), 1024, out _, out _), Is.EqualTo(MultistreamReadStatus.TooLong));
    }

    [Test]
    public void List_round_trips_and_accepts_go_style_without_final_newline()
    {
        ArrayBufferWriter<byte> writer = new();
        MultistreamCodec.WriteList(writer, ["/a/1", "/b/2"]);
        ReadOnlySequence<byte> wire = new(writer.WrittenMemory);
        Assert.That(MultistreamCodec.TryReadFrame(wire, MultistreamCodec.MaxListLength, out ReadOnlySequence<byte> body, out _), Is.EqualTo(MultistreamReadStatus.Ok));
        Assert.That(MultistreamCodec.TryParseList(body, out var listed), Is.True);
        Assert.That(listed, Is.EqualTo(new[] { "/a/1", "/b/2" }));
        byte[] goStyle = [.. Encode("/a/1"), .. Encode("/b/2")];
        Assert.That(MultistreamCodec.TryParseList(new ReadOnlySequence<byte>(goStyle), out var goListed), Is.True);
        Assert.That(goListed, Is.EqualTo(new[] { "/a/1", "/b/2" }));
    }

    [TestCase("/ok", true)]
    [TestCase("/with space", true)]
    [TestCase("missing-slash", false)]
    [TestCase("/new\nline", false)]
    [TestCase("/tab\t", false)]
    [TestCase("", false)]
    public void Protocol_id_validation(string id, bool valid) =>
        Assert.That(MultistreamCodec.IsValidProtocolId(id), Is.EqualTo(valid));
}
