using System.Net;

namespace Libp2p.Transports.Quic;

/// <summary>
/// The UDP socket a QUIC endpoint runs on. The default binds a real socket; tests wrap it (loss, reordering,
/// duplication) with <see cref="FaultyDatagramSocket"/> through <see cref="QuicTransportOptions.SocketWrapper"/>.
/// </summary>
public interface IDatagramSocket : IDisposable
{
    /// <summary>The bound local endpoint.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram; failures (full buffers, unreachable peers) are swallowed as packet loss.</summary>
    void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote);

    /// <summary>Receives one datagram into <paramref name="buffer"/>.</summary>
    ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
