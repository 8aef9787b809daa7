using System.Buffers;
using CsCheck;
using Libp2p.Muxers.Mplex;

namespace Libp2p.Muxers.Tests;

/// <summary>The mplex header codec (libp2p/specs mplex/README.md, "Message format").</summary>
public sealed class MplexFrameHeaderTests
{
    private static readonly Gen<MplexFrameHeader> GenHeader =
        Gen.Select(Gen.ULong[0, MplexFrameHeader.MaxStreamId], Gen.Byte[0, 6], Gen.Int[0, MplexFrameHeader.MaxMessageSize],
            (id, flag, length) => new MplexFrameHeader(id, (MplexFlag)flag, length));

    private static byte[] Encode(MplexFrameHeader header)
    {
        byte[] bytes = new byte[MplexFrameHeader.MaxSize];
        return bytes[..header.Write(bytes)];
    }

    [Test]
    public void Golden_message_initiator()
    {
        // 17 << 3 | 2 = 138 = varint 0x8A 0x01; length 3.
        Assert.That(Encode(new MplexFrameHeader(17, MplexFlag.MessageInitiator, 3)), Is.EqualTo(new byte[] { 0x8A, 0x01, 0x03 }));
    }

    [Test]
    public void Round_trips_across_segment_boundaries() =>
        Gen.Select(GenHeader, Gen.Int[0, 18]).Sample((header, split) =>
        {
            byte[] bytes = Encode(header);
            MplexReadStatus status = MplexFrameHeader.TryRead(Segments.Split(bytes, split), MplexFrameHeader.MaxMessageSize, out MplexFrameHeader decoded, out int consumed);
            return status == MplexReadStatus.Ok && decoded == header && consumed == bytes.Length && consumed == header.EncodedLength;
        });

    [Test]
    public void Every_strict_prefix_needs_more_data() =>
        GenHeader.Sample(header =>
        {
            byte[] bytes = Encode(header);
            for (int n = 0; n < bytes.Length; n++)
            {
                if (MplexFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes, 0, n), MplexFrameHeader.MaxMessageSize, out _, out _) != MplexReadStatus.NeedMoreData)
                {
                    return false;
                }
            }
            return true;
        });

    [Test]
    public void Flag_seven_is_unknown() =>
        Assert.That(MplexFrameHeader.TryRead(new ReadOnlySequence<byte>([0x0F, 0x00]), 1024, out _, out _), Is.EqualTo(MplexReadStatus.UnknownFlag));

    [Test]
    public void Length_above_the_limit_is_rejected_without_the_body()
    {
        byte[] bytes = Encode(new MplexFrameHeader(1, MplexFlag.MessageReceiver, MplexFrameHeader.MaxMessageSize));
        Assert.That(MplexFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes), MplexFrameHeader.MaxMessageSize - 1, out _, out _), Is.EqualTo(MplexReadStatus.TooLarge));
    }

    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00 })]
    [TestCase(new byte[] { 0x82, 0x00, 0x00 })]
    [TestCase(new byte[] { 0x02, 0x80, 0x00 })]
    public void Malformed_varints_are_rejected(byte[] bytes) =>
        Assert.That(MplexFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes), 1024, out _, out _), Is.EqualTo(MplexReadStatus.InvalidVarint));

    [Test]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 24].Sample(bytes =>
        {
            MplexReadStatus status = MplexFrameHeader.TryRead(new ReadOnlySequence<byte>(bytes), MplexFrameHeader.MaxMessageSize, out MplexFrameHeader header, out int consumed);
            return status != MplexReadStatus.Ok || (consumed <= bytes.Length && header.Length <= MplexFrameHeader.MaxMessageSize);
        });
}
