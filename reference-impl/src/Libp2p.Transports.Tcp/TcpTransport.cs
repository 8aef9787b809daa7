using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp.Internal;

namespace Libp2p.Transports.Tcp;

/// <summary>
/// TCP transport (libp2p/specs <c>addressing/README.md</c>, multiaddr <c>/ip4|ip6/&lt;addr&gt;/tcp/&lt;port&gt;</c>;
/// dial also accepts <c>/dns|dns4|dns6/&lt;name&gt;/tcp/&lt;port&gt;</c> and a trailing <c>/p2p/&lt;id&gt;</c>).
/// <c>NoDelay</c> is always on; completing a connection's output is <c>Shutdown(Send)</c>; abort is an RST.
/// Addresses with anything after the TCP part (such as <c>/ws</c>) belong to other transports and are refused.
/// </summary>
public sealed class TcpTransport(TcpTransportOptions? options = null) : ITransport
{
    private readonly TcpTransportOptions _options = options ?? new TcpTransportOptions();
    private readonly ConcurrentDictionary<TcpConnectionListener, byte> _listeners = new();

    /// <inheritdoc />
    public string Name => "tcp";

    /// <inheritdoc />
    public bool CanDial(Multiaddr address) =>
        TcpEndpointAddress.TryParse(address, out var parsed) && parsed.Port is not null && parsed.RestWithoutPeerId.Count == 0;

    /// <inheritdoc />
    public bool CanListen(Multiaddr address) =>
        TcpEndpointAddress.TryParse(address, out var parsed) && !parsed.IsDns && parsed.Port is not null && parsed.Rest.Count == 0;

    /// <inheritdoc />
    public async ValueTask<IRawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        if (!TcpEndpointAddress.TryParse(address, out var parsed) || parsed.Port is null || parsed.RestWithoutPeerId.Count != 0)
        {
            throw new ArgumentException($"not a TCP address: {address}", nameof(address));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var remote = await parsed.ResolveAsync(0, cancellationToken).ConfigureAwait(false);
        var socket = await TcpSockets.ConnectAsync(remote, ReuseBindFor(remote.AddressFamily), _options, $"dial {address}", cancellationToken)
            .ConfigureAwait(false);
        return new SocketConnection(socket,
            Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.LocalEndPoint!)),
            Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.RemoteEndPoint!)),
            _options);
    }

    /// <inheritdoc />
    public ValueTask<IConnectionListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        if (!CanListen(address) || !TcpEndpointAddress.TryParse(address, out var parsed))
        {
            throw new ArgumentException($"not a listenable TCP address: {address}", nameof(address));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var socket = TcpSockets.Listen(new IPEndPoint(parsed.Ip!, parsed.Port!.Value), _options, $"listen {address}");
        var listener = new TcpConnectionListener(socket, _options, l => _listeners.TryRemove(l, out _));
        _listeners.TryAdd(listener, 0);
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    private IPEndPoint? ReuseBindFor(AddressFamily family)
    {
        if (!_options.PortReuse)
        {
            return null;
        }
        foreach (var listener in _listeners.Keys)
        {
            if (listener.EndPoint.AddressFamily == family)
            {
                var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                return new IPEndPoint(IPAddress.IsLoopback(listener.EndPoint.Address) ? listener.EndPoint.Address : any, listener.EndPoint.Port);
            }
        }
        return null;
    }
}
