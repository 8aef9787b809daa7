using System.Net;
using System.Net.Sockets;

namespace Libp2p.Transports.Tcp.Internal;

/// <summary>Creates, configures, connects and binds TCP sockets with the transport's hygiene rules.</summary>
internal static class TcpSockets
{
    // SO_REUSEPORT on Linux (asm-generic/socket.h); .NET exposes no named option for it.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static Socket Create(AddressFamily family, bool portReuse)
    {
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Nagle adds up to 40 ms per small write under delayed ACKs: never wanted for libp2p framing.
            socket.NoDelay = true;
            if (family == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            if (portReuse)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (OperatingSystem.IsLinux())
                {
                    socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                }
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to <paramref name="remote"/>; failures are classified <see cref="TransportException"/>s.</summary>
    public static async ValueTask<Socket> ConnectAsync(
        IPEndPoint remote, IPEndPoint? localBind, TcpTransportOptions options, string operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DialTimeout);
        var socket = Create(remote.AddressFamily, localBind is not null);
        try
        {
            if (localBind is not null)
            {
                socket.Bind(localBind);
            }
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw;
        }
        catch (OperationCanceledException e)
        {
            socket.Dispose();
            throw new TransportException(TransportErrorKind.TimedOut, $"{operation}: timed out after {options.DialTimeout}", e);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            throw SocketErrors.ToTransportException(e, operation);
        }
    }

    /// <summary>Binds and listens on <paramref name="endpoint"/>.</summary>
    public static Socket Listen(IPEndPoint endpoint, TcpTransportOptions options, string operation)
    {
        Socket? socket = null;
        try
        {
            socket = Create(endpoint.AddressFamily, options.PortReuse);
            socket.Bind(endpoint);
            socket.Listen(options.Backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            throw SocketErrors.ToTransportException(e, operation);
        }
    }

    /// <summary>Abortive close: linger 0 makes the kernel send RST instead of FIN, then the socket is released.</summary>
    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }
        socket.Dispose();
    }
}
