using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>RTT estimation and NewReno (RFC 9002 §5, §7) and the send/receive buffers.</summary>
public sealed class RecoveryTests
{
    [Test]
    [Requirement("QUIC-CC-001")]
    public void SlowStart_GrowsTheWindowByEveryAckedByte_AndLossHalvesItOncePerRoundTrip()
    {
        var cc = new CongestionController(1200);
        long initial = cc.Window;
        Assert.That(initial, Is.EqualTo(12000));
        var packet = new SentPacket(1, 100, 1200, true, []);
        cc.BytesInFlight += 1200;
        cc.OnAcked(packet);
        Assert.That(cc.Window, Is.EqualTo(initial + 1200));
        Assert.That(cc.BytesInFlight, Is.Zero);
        cc.OnCongestionEvent(sentUs: 200, nowUs: 300);
        Assert.That(cc.Window, Is.EqualTo((initial + 1200) / 2));
        cc.OnCongestionEvent(sentUs: 250, nowUs: 400);
        Assert.That(cc.Window, Is.EqualTo((initial + 1200) / 2), "a second loss from the same round trip does not reduce again");
        cc.OnAcked(new SentPacket(2, 250, 1200, true, []));
        Assert.That(cc.Window, Is.EqualTo((initial + 1200) / 2), "packets sent before recovery started do not grow the window");
    }

    [Test]
    [Requirement("QUIC-CC-001")]
    public void RttEstimator_FollowsRfc9002Section5()
    {
        var cc = new CongestionController(1200);
        cc.OnRttSample(100_000, 0);
        Assert.That((cc.SmoothedRttUs, cc.RttVarUs, cc.MinRttUs), Is.EqualTo((100_000L, 50_000L, 100_000L)));
        cc.OnRttSample(120_000, 10_000);
        Assert.That(cc.SmoothedRttUs, Is.EqualTo((7 * 100_000L + 110_000) / 8));
        Assert.That(cc.RttVarUs, Is.EqualTo((3 * 50_000L + 10_000) / 4));
    }

    [Test]
    [Requirement("QUIC-STREAM-001")]
    public void SendBuffer_RetransmitsOnlyUnackedLostBytes_AndReleasesTheAckedPrefix()
    {
        var buffer = new SendBuffer();
        byte[] data = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        buffer.Write(data);
        Assert.That(buffer.TryPeek(4000, long.MaxValue, out long o1, out ReadOnlySpan<byte> d1, out bool r1), Is.True);
        Assert.That((o1, d1.Length, r1), Is.EqualTo((0L, 4000, false)));
        buffer.MarkSent(0, 4000, false);
        buffer.TryPeek(6000, long.MaxValue, out long o2, out ReadOnlySpan<byte> d2, out _);
        Assert.That((o2, d2.Length), Is.EqualTo((4000L, 6000)));
        buffer.MarkSent(4000, 6000, false);
        buffer.OnAcked(1000, 2000);
        buffer.OnLost(0, 4000);
        Assert.That(buffer.TryPeek(10_000, long.MaxValue, out long o3, out ReadOnlySpan<byte> d3, out bool r3), Is.True);
        Assert.That((o3, d3.Length, r3), Is.EqualTo((0L, 1000, true)));
        Assert.That(d3.ToArray(), Is.EqualTo(data[..1000]));
        buffer.MarkSent(0, 1000, true);
        buffer.TryPeek(10_000, long.MaxValue, out long o4, out ReadOnlySpan<byte> d4, out _);
        Assert.That((o4, d4.Length), Is.EqualTo((3000L, 1000)));
        buffer.OnAcked(0, 10_000);
        Assert.That(buffer.Retained, Is.Zero);
        Assert.That(buffer.AckedPrefix, Is.EqualTo(10_000));
    }

    [Test]
    [Requirement("QUIC-STREAM-001")]
    public void ReceiveBuffer_ReassemblesOutOfOrderAndDuplicateData()
    {
        var buffer = new ReceiveBuffer();
        var delivered = new List<byte>();
        byte[] data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        buffer.Add(200, data.AsSpan(200, 100), m => delivered.AddRange(m.ToArray()));
        buffer.Add(100, data.AsSpan(100, 100), m => delivered.AddRange(m.ToArray()));
        Assert.That(delivered, Is.Empty);
        buffer.Add(0, data.AsSpan(0, 150), m => delivered.AddRange(m.ToArray()));
        buffer.Add(50, data.AsSpan(50, 100), m => delivered.AddRange(m.ToArray()));
        Assert.That(delivered.ToArray(), Is.EqualTo(data));
        Assert.That(buffer.PendingBytes, Is.Zero);
    }
}
