using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;
using Libp2p.Transports.Tcp.Internal;
using Libp2p.Transports.WebSockets.Internal;

namespace Libp2p.Transports.WebSockets;

/// <summary>
/// WebSocket transport (libp2p/specs <c>websockets/README.md</c> r1 2024-10-23; RFC 6455): dials and listens on
/// <c>&lt;tcp-addr&gt;/ws</c>, <c>/wss</c> and <c>/tls/ws</c>, and dials <c>/tls/sni/&lt;host&gt;/ws</c>. The
/// listener and the upgrade handshake are our own (no HTTP server); framing is <see cref="System.Net.WebSockets.WebSocket"/>,
/// binary messages only. Secure listeners need <see cref="WebSocketTransportOptions.ServerCertificate"/>.
/// </summary>
public sealed class WebSocketTransport(WebSocketTransportOptions? options = null) : ITransport
{
    private readonly WebSocketTransportOptions _options = options ?? new WebSocketTransportOptions();

    /// <inheritdoc />
    public string Name => "ws";

    /// <inheritdoc />
    public bool CanDial(Multiaddr address) => WebSocketAddress.TryParse(address, out _);

    /// <inheritdoc />
    public bool CanListen(Multiaddr address) =>
        WebSocketAddress.TryParse(address, out var parsed)
        && !parsed.Endpoint.IsDns
        && parsed.Endpoint.Port is not null
        && parsed.Sni is null
        && parsed.Endpoint.Rest.Count == parsed.Endpoint.RestWithoutPeerId.Count
        && (!parsed.Secure || _options.ServerCertificate is not null);

    /// <inheritdoc />
    public async ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        if (!WebSocketAddress.TryParse(address, out var parsed))
        {
            throw new ArgumentException($"not a WebSocket address: {address}", nameof(address));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var operation = $"dial {address}";
        var remote = await parsed.Endpoint.ResolveAsync(parsed.Port, cancellationToken).ConfigureAwait(false);
        var socket = await TcpSockets.ConnectAsync(remote, null, _options.Tcp, operation, cancellationToken).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            if (parsed.Secure)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = parsed.HostName,
                    RemoteCertificateValidationCallback = _options.RemoteCertificateValidation,
                }, timeout.Token).ConfigureAwait(false);
            }
            var key = WebSocketHandshake.NewKey();
            var host = remote.Port == (parsed.Secure ? 443 : 80) ? HostForHeader(parsed) : $"{HostForHeader(parsed)}:{remote.Port}";
            await stream.WriteAsync(WebSocketHandshake.BuildRequest(host, _options.Path, key), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            var (block, leftover) = await HeaderBlockReader.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
            var problem = block is null ? "response headers too large" : WebSocketHandshake.ValidateResponse(block, key);
            if (problem is not null)
            {
                throw new TransportException(TransportErrorKind.HandshakeFailed, $"{operation}: WebSocket upgrade failed: {problem}");
            }
            if (leftover.Length > 0)
            {
                stream = new PrefixedStream(stream, leftover);
            }
            return new WebSocketConnection(socket, stream, isServer: false,
                Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.LocalEndPoint!) + parsed.Suffix),
                Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.RemoteEndPoint!) + parsed.Suffix),
                _options.MaxBufferSize);
        }
        catch (Exception e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw e switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => e,
                OperationCanceledException => new TransportException(TransportErrorKind.TimedOut,
                    $"{operation}: WebSocket handshake timed out after {_options.HandshakeTimeout}", e),
                TransportException => e,
                System.Security.Authentication.AuthenticationException => new TransportException(TransportErrorKind.HandshakeFailed,
                    $"{operation}: TLS handshake failed: {e.Message}", e),
                SocketException or IOException or ObjectDisposedException => SocketErrors.ToTransportException(e, operation),
                _ => e,
            };
        }
    }

    private static string HostForHeader(WebSocketAddress parsed) =>
        parsed.Sni is null && parsed.Endpoint.Ip is { AddressFamily: AddressFamily.InterNetworkV6 } ? $"[{parsed.HostName}]" : parsed.HostName;

    /// <inheritdoc />
    public ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        if (!CanListen(address) || !WebSocketAddress.TryParse(address, out var parsed))
        {
            throw new ArgumentException(
                $"cannot listen on {address} (secure WebSocket listeners need a server certificate in the options)", nameof(address));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var socket = TcpSockets.Listen(new IPEndPoint(parsed.Endpoint.Ip!, parsed.Endpoint.Port!.Value), _options.Tcp, $"listen {address}");
        return ValueTask.FromResult<IConnectionListener>(new WebSocketListener(socket, _options, parsed.Secure, parsed.Suffix));
    }
}
