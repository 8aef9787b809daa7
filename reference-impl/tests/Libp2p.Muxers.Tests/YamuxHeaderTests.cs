using System.Buffers;
using CsCheck;
using Libp2p.Muxers.Yamux;

namespace Libp2p.Muxers.Tests;

/// <summary>The yamux header codec (libp2p/specs yamux/README.md, "Framing").</summary>
public sealed class YamuxHeaderTests
{
    private static readonly Gen<YamuxHeader> GenHeader =
        Gen.Select(Gen.Byte[0, 3], Gen.UShort, Gen.UInt, Gen.UInt,
            (type, flags, id, length) => new YamuxHeader((YamuxFrameType)type, (YamuxFlags)flags, id, length));

    [Test]
    public void Golden_window_update_syn()
    {
        byte[] bytes = new byte[12];
        new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 3, 0x10).Write(bytes);
        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 1, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0x10 }));
    }

    [Test]
    public void Golden_go_away_protocol_error_decodes()
    {
        byte[] bytes = [0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        Assert.That(YamuxHeader.TryRead(bytes, out YamuxHeader header), Is.EqualTo(YamuxHeaderStatus.Ok));
        Assert.That(header, Is.EqualTo(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.ProtocolError)));
    }

    [Test]
    public void Round_trips_across_segment_boundaries() =>
        Gen.Select(GenHeader, Gen.Int[0, 12]).Sample((header, split) =>
        {
            byte[] bytes = new byte[12];
            header.Write(bytes);
            ReadOnlySequence<byte> sequence = Segments.Split(bytes, split);
            return YamuxHeader.TryRead(sequence, out YamuxHeader decoded) == YamuxHeaderStatus.Ok && decoded == header;
        });

    [Test]
    public void Short_input_needs_more_data() =>
        Gen.Byte.Array[0, 11].Sample(bytes => YamuxHeader.TryRead(bytes, out _) == YamuxHeaderStatus.NeedMoreData);

    [Test]
    public void Any_twelve_bytes_decode_or_are_rejected_by_version_or_type() =>
        Gen.Byte.Array[12].Sample(bytes =>
        {
            YamuxHeaderStatus status = YamuxHeader.TryRead(bytes, out _);
            return status switch
            {
                YamuxHeaderStatus.UnsupportedVersion => bytes[0] != 0,
                YamuxHeaderStatus.UnknownType => bytes[0] == 0 && bytes[1] > 3,
                YamuxHeaderStatus.Ok => bytes[0] == 0 && bytes[1] <= 3,
                _ => false,
            };
        });

    [TestCase(1)]
    [TestCase(255)]
    public void Non_zero_version_is_rejected(byte version)
    {
        byte[] bytes = new byte[12];
        bytes[0] = version;
        Assert.That(YamuxHeader.TryRead(bytes, out _), Is.EqualTo(YamuxHeaderStatus.UnsupportedVersion));
    }

    [Test]
    public void Too_small_destination_throws() =>
        Assert.That(() => default(YamuxHeader).Write(new byte[11]), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
