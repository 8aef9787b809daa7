using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Sending runs of datagrams through UDP segmentation offload (one system call for many packets).</summary>
public sealed partial class QuicConnection
{
    /// <summary>Datagrams one flush may send before others get the lock (the timer continues at once).</summary>
    private const int MaxDatagramsPerFlush = 256;

    /// <summary>
    /// Builds datagrams back to back and hands them to the socket in runs of equal-size ones (segmentation
    /// offload): one system call for up to 44 full-size datagrams instead of one each.
    /// </summary>
    private void FlushSegmented(int segment)
    {
        int perSend = Math.Min(UdpDatagramSocket.MaxSegments, 65000 / segment);
        byte[] batch = System.Buffers.ArrayPool<byte>.Shared.Rent(perSend * segment);
        try
        {
            int used = 0, count = 0;
            for (int guard = 0; guard < MaxDatagramsPerFlush; guard++)
            {
                int length = BuildDatagram(batch.AsSpan(used, segment));
                if (length == 0)
                {
                    break;
                }
                used += length;
                count++;
                _packetsSent++;
                _bytesSent += length;
                // Only the last datagram of a segmented send may be shorter than the segment size.
                if (length < segment || count == perSend)
                {
                    _endpoint.SendSegments(batch.AsSpan(0, used), _remote);
                    used = 0;
                    count = 0;
                }
            }
            if (used > 0)
            {
                _endpoint.SendSegments(batch.AsSpan(0, used), _remote);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(batch);
        }
    }
}
