using System.Buffers;
using CsCheck;
using Libp2p.Security.Noise.Internal;
using Libp2p.Security.Tests.Support;

namespace Libp2p.Security.Tests.Noise;

public sealed class NoiseFramingPropertyTests
{
    [Test]
    public void Frames_round_trip_across_any_segmentation()
    {
        Gen.Select(Gen.Byte.Array[0, 600].Array[0, 8], Gen.Int[0, 5000].Array[0, 12]).Sample((bodies, cuts) =>
        {
            var encoded = new ArrayBufferWriter<byte>();
            foreach (byte[] body in bodies)
            {
                NoiseFrameCodec.WriteHeader(encoded.GetSpan(2), body.Length);
                encoded.Advance(2);
                encoded.Write(body);
            }
            ReadOnlySequence<byte> sequence = Segments.Split(encoded.WrittenSpan.ToArray(), cuts);
            var decoded = new List<byte[]>();
            while (NoiseFrameCodec.TryReadFrame(ref sequence, out ReadOnlySequence<byte> frame))
            {
                decoded.Add(frame.ToArray());
            }
            return sequence.IsEmpty && decoded.Count == bodies.Length && decoded.Zip(bodies).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        }, iter: 300);
    }

    [Test]
    public void Any_strict_prefix_of_a_frame_asks_for_more_bytes()
    {
        Gen.Byte.Array[0, 300].Select(Gen.Int[0, 301]).Sample((body, cut) =>
        {
            var encoded = new byte[2 + body.Length];
            NoiseFrameCodec.WriteHeader(encoded, body.Length);
            body.CopyTo(encoded, 2);
            int prefix = Math.Min(cut, encoded.Length - 1);
            var sequence = new ReadOnlySequence<byte>(encoded, 0, prefix);
            bool complete = NoiseFrameCodec.TryReadFrame(ref sequence, out _);
            return !complete && sequence.Length == prefix;
        }, iter: 300);
    }

    [Test]
    public void Header_is_big_endian_and_bounded_by_65535()
    {
        var header = new byte[2];
        NoiseFrameCodec.WriteHeader(header, 0x1234);
        Assert.That(header, Is.EqualTo(new byte[] { 0x12, 0x34 }));
        NoiseFrameCodec.WriteHeader(header, 65535);
        Assert.That(header, Is.EqualTo(new byte[] { 0xff, 0xff }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseFrameCodec.WriteHeader(header, 65536));
    }
}
