using System.Buffers.Binary;
using CsCheck;
using Libp2p.Transports.WebSockets.Internal;

namespace Libp2p.Transports.Tests;

/// <summary>RFC 6455 §5.1/§5.2 MASK-bit tracking over arbitrarily chunked frame streams.</summary>
public sealed class FrameMaskValidatorTests
{
    private static byte[] Frame(int payloadLength, bool masked)
    {
        var header = new List<byte> { 0x82 };
        var maskBit = masked ? (byte)0x80 : (byte)0;
        if (payloadLength < 126)
        {
            header.Add((byte)(maskBit | payloadLength));
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            header.Add((byte)(maskBit | 126));
            var len = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)payloadLength);
            header.AddRange(len);
        }
        else
        {
            header.Add((byte)(maskBit | 127));
            var len = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(len, (ulong)payloadLength);
            header.AddRange(len);
        }
        if (masked)
        {
            header.AddRange(new byte[] { 9, 8, 7, 6 });
        }
        // Payload bytes that look like unmasked headers must not confuse the tracker.
        return [.. header, .. Enumerable.Repeat((byte)0x82, payloadLength)];
    }

    private static bool Feed(FrameMaskValidator validator, byte[] stream, IReadOnlyList<int> cuts)
    {
        var offset = 0;
        foreach (var cut in cuts)
        {
            var n = Math.Min(cut, stream.Length - offset);
            if (!validator.Advance(stream.AsSpan(offset, n)))
            {
                return false;
            }
            offset += n;
        }
        return validator.Advance(stream.AsSpan(offset));
    }

    [Test]
    public void Masked_client_frames_pass_in_any_chunking()
    {
        Gen.Select(Gen.OneOf(Gen.Int[0, 125], Gen.Int[126, 70_000]).List[1, 5], Gen.Int[1, 50].List[0, 30]).Sample((lengths, cuts) =>
        {
            var stream = lengths.SelectMany(l => Frame(l, masked: true)).ToArray();
            return Feed(new FrameMaskValidator(expectMasked: true), stream, cuts);
        });
    }

    [Test]
    public void An_unmasked_frame_after_masked_ones_is_caught_in_any_chunking()
    {
        Gen.Select(Gen.Int[0, 300].List[0, 4], Gen.Int[0, 300], Gen.Int[1, 50].List[0, 30]).Sample((lengths, bad, cuts) =>
        {
            var stream = lengths.SelectMany(l => Frame(l, masked: true)).Concat(Frame(bad, masked: false)).ToArray();
            var validator = new FrameMaskValidator(expectMasked: true);
            return !Feed(validator, stream, cuts) && validator.Violation!.Contains("unmasked");
        });
    }

    [Test]
    public void Server_side_expectation_is_the_reverse()
    {
        var validator = new FrameMaskValidator(expectMasked: false);
        Assert.Multiple(() =>
        {
            Assert.That(validator.Advance(Frame(10, masked: false)), Is.True);
            Assert.That(validator.Advance(Frame(10, masked: true)), Is.False);
            Assert.That(validator.Violation, Does.Contain("masked frame from the server"));
        });
    }

    [Test]
    public void A_64_bit_length_with_the_top_bit_set_is_a_violation_and_memory_stays_constant()
    {
        byte[] header = [0x82, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4];
        var validator = new FrameMaskValidator(expectMasked: true);
        Assert.That(validator.Advance(header), Is.False);
        Assert.That(validator.Violation, Does.Contain("most significant bit"));
    }
}
