using CsCheck;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Round-trip and garbage-input properties of the varint, frame and packet header codecs (RFC 9000 §16, §17, §19).</summary>
public sealed class CodecPropertyTests
{
    [Test]
    [Requirement("QUIC-FRAME-001")]
    public void Varint_RoundTrips_InShortestForm() =>
        Gen.Long[0, QuicVarint.MaxValue].Sample(value =>
        {
            Span<byte> buffer = stackalloc byte[8];
            int written = QuicVarint.Write(buffer, value);
            Assert.That(written, Is.EqualTo(QuicVarint.Length(value)));
            Assert.That(QuicVarint.TryRead(buffer[..written], out long read), Is.EqualTo(written));
            Assert.That(read, Is.EqualTo(value));
            Assert.That(QuicVarint.TryRead(buffer[..(written - 1)], out _), Is.Zero);
        });

    [Test]
    [Requirement("QUIC-FRAME-001")]
    public void Varint_Rfc9000AppendixA1Examples()
    {
        Assert.That(Read("c2197c5eff14e88c"), Is.EqualTo(151288809941952652L));
        Assert.That(Read("9d7f3e7d"), Is.EqualTo(494878333L));
        Assert.That(Read("7bbd"), Is.EqualTo(15293L));
        Assert.That(Read("25"), Is.EqualTo(37L));
        Assert.That(Read("4025"), Is.EqualTo(37L));

        static long Read(string hex)
        {
            QuicVarint.TryRead(Convert.FromHexString(hex), out long v);
            return v;
        }
    }

    [Test]
    [Requirement("QUIC-FRAME-002")]
    public void StreamAndCryptoFrames_RoundTrip() =>
        Gen.Select(Gen.Long[0, 1L << 40], Gen.Long[0, 1L << 40], Gen.Byte.Array[0, 300], Gen.Bool).Sample((id, offset, data, fin) =>
        {
            var buffer = new byte[800];
            var w = new SpanWriter(buffer);
            FrameWriter.Stream(ref w, id, offset, data, fin);
            Assert.That(w.Position, Is.EqualTo(FrameWriter.StreamHeaderLength(id, offset, data.Length) + data.Length));
            FrameWriter.Crypto(ref w, offset, data);
            var reader = new FrameReader(buffer.AsSpan(0, w.Position), PacketType.OneRtt);
            Assert.That(reader.TryRead(out Frame f), Is.True);
            Assert.That((f.Type, f.StreamId, f.Offset, f.Fin), Is.EqualTo((FrameType.Stream, id, offset, fin)));
            Assert.That(f.Data.ToArray(), Is.EqualTo(data));
            Assert.That(reader.TryRead(out Frame c), Is.True);
            Assert.That((c.Type, c.Offset), Is.EqualTo((FrameType.Crypto, offset)));
            Assert.That(c.Data.ToArray(), Is.EqualTo(data));
            Assert.That(reader.TryRead(out _), Is.False);
        });

    [Test]
    [Requirement("QUIC-FRAME-003")]
    public void AckFrame_RoundTripsItsRanges() =>
        Gen.Select(Gen.Long[0, 1L << 30], Gen.Long[0, 50].Array[1, 40]).Sample((top, steps) =>
        {
            // Build disjoint descending ranges from alternating (length, gap) steps.
            var ranges = new List<(long, long)>();
            long largest = top + 10_000;
            for (int i = 0; i < steps.Length && largest >= 0; i++)
            {
                long smallest = Math.Max(0, largest - steps[i]);
                ranges.Add((smallest, largest));
                largest = smallest - 2 - (steps[(i + 1) % steps.Length] % 7);
            }
            var buffer = new byte[1200];
            var w = new SpanWriter(buffer);
            Assert.That(FrameWriter.Ack(ref w, ranges.ToArray(), 25, 1200), Is.True);
            var reader = new FrameReader(buffer.AsSpan(0, w.Position), PacketType.Handshake);
            Assert.That(reader.TryRead(out Frame ack), Is.True);
            Assert.That(ack.Value2, Is.EqualTo(25));
            var decoded = new List<(long, long)>();
            var it = new AckRanges(ack);
            while (it.MoveNext())
            {
                decoded.Add(it.Current);
            }
            Assert.That(decoded, Is.EqualTo(ranges));
        });

    [Test]
    [Requirement("QUIC-FRAME-002")]
    public void ControlFrames_RoundTrip() =>
        Gen.Select(Gen.Long[0, QuicVarint.MaxValue], Gen.Long[0, QuicVarint.MaxValue], Gen.Byte.Array[1, 20], Gen.Byte.Array[16, 16]).Sample((a, b, cid, token) =>
        {
            var buffer = new byte[200];
            var w = new SpanWriter(buffer);
            FrameWriter.ResetStream(ref w, a, b, a);
            FrameWriter.StreamValue(ref w, FrameType.MaxStreamData, b, a);
            FrameWriter.Single(ref w, FrameType.MaxData, a);
            FrameWriter.NewConnectionId(ref w, Math.Max(a, b), Math.Min(a, b), cid, token);
            FrameWriter.ConnectionClose(ref w, false, a, 0x08, "bye"u8);
            FrameWriter.ConnectionClose(ref w, true, b, 0, "app"u8);
            var r = new FrameReader(buffer.AsSpan(0, w.Position), PacketType.OneRtt);
            Assert.That(r.TryRead(out Frame f) && f.Type == FrameType.ResetStream && f.StreamId == a && f.Value == b && f.Value2 == a, Is.True);
            Assert.That(r.TryRead(out f) && f.Type == FrameType.MaxStreamData && f.StreamId == b && f.Value == a, Is.True);
            Assert.That(r.TryRead(out f) && f.Type == FrameType.MaxData && f.Value == a, Is.True);
            Assert.That(r.TryRead(out f) && f.Type == FrameType.NewConnectionId && f.Value == Math.Max(a, b) && f.Value2 == Math.Min(a, b)
                && f.Data.SequenceEqual(cid) && f.Token.SequenceEqual(token), Is.True);
            Assert.That(r.TryRead(out f) && f.Type == FrameType.ConnectionClose && f.Value == a && f.Value2 == 0x08 && f.Data.SequenceEqual("bye"u8), Is.True);
            Assert.That(r.TryRead(out f) && f.Type == FrameType.ApplicationClose && f.Value == b && f.Data.SequenceEqual("app"u8), Is.True);
            Assert.That(r.TryRead(out _), Is.False);
        });

    [Test]
    [Requirement("QUIC-FRAME-004")]
    public void GarbagePayloads_OnlyEverThrowQuicException() =>
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Enum<PacketType>()).Sample((bytes, type) =>
        {
            try
            {
                var r = new FrameReader(bytes, type);
                int frames = 0;
                while (r.TryRead(out Frame f))
                {
                    frames++;
                    if (f.Type is FrameType.Ack or FrameType.AckEcn)
                    {
                        var it = new AckRanges(f);
                        while (it.MoveNext())
                        {
                            Assert.That(it.Current.Smallest, Is.GreaterThanOrEqualTo(0));
                        }
                    }
                }
                Assert.That(frames, Is.LessThanOrEqualTo(bytes.Length));
            }
            catch (QuicException ex)
            {
                Assert.That(ex.Code, Is.AnyOf(QuicTransportError.FrameEncodingError, QuicTransportError.ProtocolViolation));
            }
        }, iter: 20_000);

    [Test]
    [Requirement("QUIC-FRAME-004")]
    public void TruncatedFrames_AreFrameEncodingErrors() =>
        Gen.Select(Gen.Long[0, 1L << 40], Gen.Byte.Array[1, 100]).Sample((offset, data) =>
        {
            var buffer = new byte[200];
            var w = new SpanWriter(buffer);
            FrameWriter.Crypto(ref w, offset, data);
            int length = w.Position;
            for (int cut = 1; cut < length; cut++)
            {
                var ex = Assert.Throws<QuicException>(() =>
                {
                    var r = new FrameReader(buffer.AsSpan(0, cut), PacketType.Initial);
                    while (r.TryRead(out _))
                    {
                    }
                });
                Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.FrameEncodingError));
            }
        }, iter: 200);

    [Test]
    [Requirement("QUIC-PKT-001")]
    public void StreamFrameInInitialPacket_IsAProtocolViolation()
    {
        var buffer = new byte[32];
        var w = new SpanWriter(buffer);
        FrameWriter.Stream(ref w, 0, 0, "x"u8, false);
        int length = w.Position;
        var ex = Assert.Throws<QuicException>(() =>
        {
            var r = new FrameReader(buffer.AsSpan(0, length), PacketType.Initial);
            r.TryRead(out _);
        });
        Assert.That(ex!.Code, Is.EqualTo(QuicTransportError.ProtocolViolation));
    }

    [Test]
    [Requirement("QUIC-PKT-001")]
    public void GarbageDatagrams_NeverThrowFromHeaderParsing_AndStayInBounds() =>
        Gen.Select(Gen.Byte.Array[0, 200], Gen.Int[0, 20]).Sample((bytes, dcidLength) =>
        {
            if (PacketParser.TryParse(bytes, dcidLength, out PacketHeader h))
            {
                Assert.That(h.PacketLength, Is.InRange(1, bytes.Length));
                Assert.That(h.DcidOffset + h.DcidLength, Is.LessThanOrEqualTo(bytes.Length));
                Assert.That(h.ScidOffset + h.ScidLength, Is.LessThanOrEqualTo(bytes.Length));
                Assert.That(h.TokenOffset + h.TokenLength, Is.LessThanOrEqualTo(bytes.Length));
                if (h.Type is PacketType.Initial or PacketType.Handshake or PacketType.OneRtt && h.Version == PacketParser.Version1)
                {
                    using var keys = InitialSecrets.Keys(new byte[8], true).Send;
                    var copy = bytes.AsSpan(0, h.PacketLength).ToArray();
                    Assert.That(PacketParser.TryUnprotect(copy, h, keys, 0, out _, out _, out _), Is.False);
                }
            }
        }, iter: 5_000);
}
