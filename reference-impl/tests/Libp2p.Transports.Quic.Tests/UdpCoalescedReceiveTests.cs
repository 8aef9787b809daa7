using System.Net;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// The native receive path (Linux recvmsg with UDP GRO): a segmented burst may arrive as one buffer, and cutting it
/// at the reported segment size gives back every datagram byte for byte, with its sender; disposal wakes a thread
/// blocked in the receive.
/// </summary>
public sealed class UdpCoalescedReceiveTests
{
    [Test]
    public void SegmentedBurst_ComesBackDatagramByDatagram_InFewerReceives()
    {
        using var receiver = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0), 1200);
        Assume.That(sender.SegmentSize, Is.EqualTo(1200), "UDP segmentation offload unavailable on this kernel");
        Assume.That(receiver.AcquireReceiver(), Is.True, "no native receive on this platform");
        try
        {
            int[] sizes = [1200, 1200, 1200, 1200, 1200, 1200, 1200, 500];
            var burst = new byte[sizes.Sum()];
            for (int i = 0, offset = 0; i < sizes.Length; offset += sizes[i], i++)
            {
                burst.AsSpan(offset, sizes[i]).Fill((byte)(i + 1));
            }
            sender.SendSegments(burst, receiver.LocalEndPoint);

            var received = new List<byte[]>();
            int receives = 0;
            var buffer = new byte[65536];
            while (received.Count < sizes.Length)
            {
                LinuxUdp.Outcome outcome = receiver.ReceiveCoalesced(buffer, wait: true, out int length, out int segmentSize, out IPEndPoint? from);
                Assert.That(outcome, Is.EqualTo(LinuxUdp.Outcome.Received));
                Assert.That(from, Is.EqualTo(sender.LocalEndPoint));
                receives++;
                int step = segmentSize > 0 ? segmentSize : length;
                for (int offset = 0; offset < length; offset += step)
                {
                    received.Add(buffer.AsSpan(offset, Math.Min(step, length - offset)).ToArray());
                }
            }
            Assert.That(received.Select(d => d.Length), Is.EqualTo(sizes));
            for (int i = 0; i < sizes.Length; i++)
            {
                Assert.That(received[i], Has.All.EqualTo((byte)(i + 1)), $"datagram {i}");
            }
            // Loopback hands a GSO send to a GRO socket whole: the point of the native path.
            Assert.That(receives, Is.LessThan(sizes.Length), "the burst was not coalesced");
            Assert.That(receiver.ReceiveCoalesced(buffer, wait: false, out _, out _, out _), Is.EqualTo(LinuxUdp.Outcome.Empty));
        }
        finally
        {
            receiver.ReleaseReceiver();
        }
    }

    [Test]
    public void DatagramsFromTwoSenders_KeepTheirSenders()
    {
        using var receiver = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var first = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assume.That(receiver.AcquireReceiver(), Is.True, "no native receive on this platform");
        try
        {
            first.Send([1, 1, 1], receiver.LocalEndPoint);
            second.Send([2, 2], receiver.LocalEndPoint);
            first.Send([1], receiver.LocalEndPoint);
            var buffer = new byte[65536];
            var seen = new List<(int Port, int Length, byte First)>();
            for (int i = 0; i < 3; i++)
            {
                Assert.That(receiver.ReceiveCoalesced(buffer, wait: true, out int length, out int segmentSize, out IPEndPoint? from), Is.EqualTo(LinuxUdp.Outcome.Received));
                Assert.That(segmentSize, Is.Zero.Or.EqualTo(length));
                seen.Add((from!.Port, length, buffer[0]));
            }
            Assert.That(seen, Is.EqualTo(new[]
            {
                (first.LocalEndPoint.Port, 3, (byte)1),
                (second.LocalEndPoint.Port, 2, (byte)2),
                (first.LocalEndPoint.Port, 1, (byte)1),
            }));
        }
        finally
        {
            receiver.ReleaseReceiver();
        }
    }

    [Test]
    public async Task Dispose_WakesABlockedReceive()
    {
        var receiver = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assume.That(receiver.AcquireReceiver(), Is.True, "no native receive on this platform");
        Task<LinuxUdp.Outcome> blocked = Task.Factory.StartNew(() =>
        {
            try
            {
                return receiver.ReceiveCoalesced(new byte[2048], wait: true, out _, out _, out _);
            }
            finally
            {
                receiver.ReleaseReceiver();
            }
        }, TaskCreationOptions.LongRunning);
        await Task.Delay(200);
        Assert.That(blocked.IsCompleted, Is.False, "the receive returned with nothing sent");
        Task dispose = Task.Run(receiver.Dispose);
        Assert.That(await blocked.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(LinuxUdp.Outcome.Closed));
        await dispose.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void SecondDispose_LeavesASocketThatReusedTheDescriptorAlone()
    {
        var first = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assume.That(first.AcquireReceiver(), Is.True, "no native receive on this platform");
        first.ReleaseReceiver();
        first.Dispose();
        // Likely handed the descriptor number the first socket had.
        using var second = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.That(second.AcquireReceiver(), Is.True);
        try
        {
            first.Dispose();
            sender.Send([7, 7, 7], second.LocalEndPoint);
            Assert.That(second.ReceiveCoalesced(new byte[2048], wait: true, out int length, out _, out _), Is.EqualTo(LinuxUdp.Outcome.Received));
            Assert.That(length, Is.EqualTo(3));
        }
        finally
        {
            second.ReleaseReceiver();
        }
    }
}
