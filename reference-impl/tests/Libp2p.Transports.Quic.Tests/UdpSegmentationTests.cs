using System.Net;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// The segmented send path (Linux UDP_SEGMENT): one call hands the kernel several datagrams, and the receiver still
/// sees each QUIC datagram on its own, byte for byte, with only the last one shorter.
/// </summary>
public sealed class UdpSegmentationTests
{
    [Test]
    public async Task SendSegments_ArriveAsSeparateDatagrams()
    {
        using var receiver = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0), 1200);
        Assume.That(sender.SegmentSize, Is.EqualTo(1200), "UDP segmentation offload unavailable on this kernel");
        int[] sizes = [1200, 1200, 1200, 1200, 300];
        var batch = new byte[sizes.Sum()];
        for (int i = 0, offset = 0; i < sizes.Length; offset += sizes[i], i++)
        {
            batch.AsSpan(offset, sizes[i]).Fill((byte)(i + 1));
            batch[offset] = (byte)(0x40 | i);
        }
        sender.SendSegments(batch, receiver.LocalEndPoint);
        // A datagram no longer than the segment size goes out as it is.
        sender.SendSegments(new byte[700], receiver.LocalEndPoint);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[65536];
        for (int i = 0; i < sizes.Length; i++)
        {
            (int length, IPEndPoint from) = await receiver.ReceiveAsync(buffer, cts.Token);
            Assert.That(length, Is.EqualTo(sizes[i]), $"datagram {i}");
            Assert.That(from.Port, Is.EqualTo(sender.LocalEndPoint.Port));
            Assert.That(buffer[0], Is.EqualTo((byte)(0x40 | i)));
            Assert.That(buffer.AsSpan(1, length - 1).ToArray(), Has.All.EqualTo((byte)(i + 1)));
        }
        (int last, _) = await receiver.ReceiveAsync(buffer, cts.Token);
        Assert.That(last, Is.EqualTo(700));
    }

    [Test]
    public async Task WithoutSegmentation_SendSegmentsSplitsItself()
    {
        using var receiver = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new UdpDatagramSocket(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.That(sender.SegmentSize, Is.Zero);
        sender.SendSegments(new byte[900], receiver.LocalEndPoint);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (int length, _) = await receiver.ReceiveAsync(new byte[2048], cts.Token);
        Assert.That(length, Is.EqualTo(900));
    }
}
