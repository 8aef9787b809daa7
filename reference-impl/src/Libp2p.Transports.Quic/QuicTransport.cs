using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Security.Tls;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>
/// The libp2p QUIC v1 transport (libp2p/specs quic/README.md; RFC 9000/9001/9002), entirely managed code.
/// Connections are secured by TLS 1.3 with the libp2p certificate (tls/tls.md) and multiplexed natively, so they
/// come out authenticated and muxed: no security or muxer upgrade follows. Listening and dialing share one UDP
/// socket per address family once a listener exists.
/// </summary>
public sealed class QuicTransport : IAsyncDisposable
{
    private readonly QuicTransportOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<IPEndPoint, QuicEndpoint> _endpoints = new();
    private readonly object _lock = new();
    private readonly Task<bool> _warmUp;

    /// <summary>Creates the transport for the host identity <paramref name="identity"/>.</summary>
    public QuicTransport(PrivateKey identity, QuicTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _options = options ?? new QuicTransportOptions();
        _certificate = Libp2pCertificate.Create(identity);
        LocalPeer = PeerId.FromPublicKey(identity.PublicKey);
        // Owned and awaited by DisposeAsync (the certificate outlives it).
        _warmUp = _options.WarmUpHandshake ? Task.Run(() => HandshakeWarmUp.Run(_certificate)) : Task.FromResult(true);
    }

    /// <summary>The handshake warm-up started by the constructor: true when it completed a handshake with itself.</summary>
    internal Task<bool> WarmUp => _warmUp;

    /// <summary>Our peer ID.</summary>
    public PeerId LocalPeer { get; }

    /// <summary>The transport name used in dial ranking and reports.</summary>
    public string Name => "quic-v1";

    /// <summary>True for <c>/ip4|ip6/.../udp/PORT/quic-v1[/p2p/ID]</c>.</summary>
    public static bool CanDial(Multiaddr address) => QuicAddress.TryParse(address, out _, out _);

    /// <summary>True for <c>/ip4|ip6/.../udp/PORT/quic-v1</c>.</summary>
    public static bool CanListen(Multiaddr address) => QuicAddress.TryParse(address, out _, out PeerId? peer) && peer is null;

    /// <summary>Binds a UDP socket on <paramref name="address"/> and starts accepting.</summary>
    public ValueTask<QuicListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        if (!QuicAddress.TryParse(address, out IPEndPoint? bind, out PeerId? peer) || peer is not null)
        {
            throw new ArgumentException($"not a listenable QUIC v1 address: {address}", nameof(address));
        }
        cancellationToken.ThrowIfCancellationRequested();
        QuicEndpoint endpoint = Bind(bind);
        return ValueTask.FromResult(new QuicListener(endpoint));
    }

    /// <summary>
    /// Dials and completes the handshake; the remote must prove <paramref name="expected"/> (or the
    /// <c>/p2p/</c> component of the address) when given, else <see cref="Libp2p.Core.Abstractions.PeerIdMismatchException"/>.
    /// </summary>
    public async ValueTask<QuicConnection> DialAsync(Multiaddr address, PeerId? expected = null, CancellationToken cancellationToken = default)
    {
        if (!QuicAddress.TryParse(address, out IPEndPoint? remote, out PeerId? inAddress))
        {
            throw new ArgumentException($"not a QUIC v1 address: {address}", nameof(address));
        }
        expected ??= inAddress;
        QuicEndpoint endpoint = EndpointFor(remote.AddressFamily);
        QuicConnection connection = endpoint.Connect(remote, expected);
        try
        {
            await connection.HandshakeCompleted.WaitAsync(_options.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (TimeoutException)
        {
            connection.Abort(new QuicException(QuicTransportError.NoError, "handshake timed out"));
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new QuicException(QuicTransportError.NoError, $"QUIC handshake with {address} timed out after {_options.HandshakeTimeout}");
        }
        catch (Exception)
        {
            connection.Abort(new QuicException(QuicTransportError.NoError, "dial abandoned"));
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Connections registered on all sockets (tests check that hostile input leaves no state behind).</summary>
    internal int ConnectionCount => _endpoints.Values.Sum(e => e.ConnectionCount);

    /// <summary>Closes every socket; connections on them stop receiving.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (QuicEndpoint endpoint in _endpoints.Values)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
        _endpoints.Clear();
        await _warmUp.ConfigureAwait(false);
        _certificate.Dispose();
    }

    private QuicEndpoint Bind(IPEndPoint bind)
    {
        IDatagramSocket socket = new UdpDatagramSocket(bind, _options.MaxDatagramSize);
        if (_options.SocketWrapper is { } wrap)
        {
            socket = wrap(socket);
        }
        var endpoint = new QuicEndpoint(socket, _options, _certificate);
        _endpoints[endpoint.LocalEndPoint] = endpoint;
        return endpoint;
    }

    private QuicEndpoint EndpointFor(AddressFamily family)
    {
        lock (_lock)
        {
            // Prefer a listening socket of the same family: one socket for listening and dialing.
            QuicEndpoint? any = null;
            foreach (QuicEndpoint e in _endpoints.Values)
            {
                if (e.LocalEndPoint.AddressFamily != family)
                {
                    continue;
                }
                if (e.IsListening)
                {
                    return e;
                }
                any ??= e;
            }
            return any ?? Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        }
    }
}
