using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Tcp.Internal;

/// <summary>A bound TCP listener; <see cref="LocalAddress"/> carries the real port when port 0 was asked.</summary>
internal sealed class TcpConnectionListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly TcpTransportOptions _options;
    private readonly Action<TcpConnectionListener>? _onDispose;
    private int _disposed;

    public TcpConnectionListener(Socket socket, TcpTransportOptions options, Action<TcpConnectionListener>? onDispose)
    {
        _socket = socket;
        _options = options;
        _onDispose = onDispose;
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
        LocalAddress = Multiaddr.Parse(TcpEndpointAddress.Format(EndPoint));
    }

    public IPEndPoint EndPoint { get; }

    public Multiaddr LocalAddress { get; }

    public async ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Socket accepted;
        try
        {
            accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException && Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException($"listener {LocalAddress} is closed", e);
        }
        catch (SocketException e)
        {
            throw SocketErrors.ToTransportException(e, $"accept on {LocalAddress}");
        }
        accepted.NoDelay = true;
        return new SocketConnection(accepted, Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)accepted.LocalEndPoint!)),
            Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)accepted.RemoteEndPoint!)), _options);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose?.Invoke(this);
            _socket.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
