using System.Net;
using System.Net.Sockets;

namespace Libp2p.Transports.Quic.Internal;

/// <summary>A bound UDP socket with large buffers (a congestion window of datagrams can arrive in one burst).</summary>
internal sealed class UdpDatagramSocket : IDatagramSocket
{
    private readonly Socket _socket;
    private readonly EndPoint _any;

    public UdpDatagramSocket(IPEndPoint bind)
    {
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = 4 << 20;
            _socket.SendBufferSize = 4 << 20;
        }
        catch (SocketException)
        {
            // Best effort: the kernel may cap buffer sizes.
        }
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _any = new IPEndPoint(bind.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    public IPEndPoint LocalEndPoint { get; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException)
        {
            // A datagram the kernel refuses is a lost packet; loss recovery handles it.
        }
        catch (ObjectDisposedException)
        {
            // Closing endpoint.
        }
    }

    public async ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                SocketReceiveFromResult result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _any, cancellationToken).ConfigureAwait(false);
                return (result.ReceivedBytes, (IPEndPoint)result.RemoteEndPoint);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.ConnectionRefused)
            {
                // ICMP errors from earlier sends and oversized datagrams: not fatal for a datagram socket.
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
