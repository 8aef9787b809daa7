using System.Net;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// A test socket wrapper that splits every outgoing datagram which coalesces an Initial with later packets and
/// sends the later packets first, then the Initial alone: the reordering RFC 9001 §5.7 describes (a Handshake or
/// 1-RTT packet that arrives before the packet carrying the keys to open it). Deterministic, no timing.
/// </summary>
internal sealed class ReorderingFlightSocket(IDatagramSocket inner) : IDatagramSocket
{
    private int _reordered;

    /// <summary>Datagrams split and reordered so far.</summary>
    public int Reordered => Volatile.Read(ref _reordered);

    public IPEndPoint LocalEndPoint => inner.LocalEndPoint;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (PacketParser.TryParse(datagram, 8, out PacketHeader first) && first.Type == PacketType.Initial
            && first.PacketLength > 0 && first.PacketLength < datagram.Length)
        {
            Interlocked.Increment(ref _reordered);
            inner.Send(datagram[first.PacketLength..], remote);
            inner.Send(datagram[..first.PacketLength], remote);
            return;
        }
        inner.Send(datagram, remote);
    }

    public ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        inner.ReceiveAsync(buffer, cancellationToken);

    public void Dispose() => inner.Dispose();
}
