using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Transports;
using Libp2p.Transports.Quic;

namespace Libp2p.Stack;

/// <summary>
/// Our managed QUIC v1 transport as the host sees it: connections authenticated by TLS 1.3 with the libp2p
/// certificate and multiplexed by QUIC streams (libp2p/specs quic/README.md). The transport (and its certificate)
/// is created on first use, so nodes that never touch QUIC pay nothing for it.
/// </summary>
public sealed class QuicMuxedTransport : IMuxedTransport
{
    private const string SecurityName = "/tls/1.0.0";
    private const string MuxerName = "quic-v1";

    private readonly Lazy<QuicTransport> _transport;

    /// <summary>Creates the adapter for a node with identity <paramref name="identity"/>.</summary>
    public QuicMuxedTransport(PrivateKey identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _transport = new Lazy<QuicTransport>(() => new QuicTransport(identity), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => MuxerName;

    /// <inheritdoc />
    public bool CanDial(Multiaddr address) => QuicTransport.CanDial(address);

    /// <inheritdoc />
    public bool CanListen(Multiaddr address) => QuicTransport.CanListen(address);

    /// <inheritdoc />
    public async ValueTask<MuxedTransportConnection> DialAsync(Multiaddr address, PeerId? expected, CancellationToken cancellationToken = default)
    {
        QuicConnection connection = await _transport.Value.DialAsync(address, expected, cancellationToken).ConfigureAwait(false);
        return Describe(connection);
    }

    /// <inheritdoc />
    public async ValueTask<IMuxedTransportListener> ListenAsync(Multiaddr address, CancellationToken cancellationToken = default)
    {
        QuicListener listener = await _transport.Value.ListenAsync(address, cancellationToken).ConfigureAwait(false);
        return new Listener(listener);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_transport.IsValueCreated)
        {
            await _transport.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static MuxedTransportConnection Describe(QuicConnection connection) => new(
        connection,
        connection.RemoteKey ?? throw new InvalidOperationException("QUIC handshake finished without the remote's key"),
        connection.LocalAddress,
        connection.RemoteAddress,
        SecurityName,
        MuxerName);

    private sealed class Listener(QuicListener listener) : IMuxedTransportListener
    {
        public Multiaddr LocalAddress => listener.LocalAddress;

        public async ValueTask<MuxedTransportConnection> AcceptAsync(CancellationToken cancellationToken = default) =>
            Describe(await listener.AcceptAsync(cancellationToken).ConfigureAwait(false));

        public ValueTask DisposeAsync() => listener.DisposeAsync();
    }
}
