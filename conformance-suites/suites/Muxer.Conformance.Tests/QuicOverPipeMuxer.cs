using System.IO.Pipelines;
using System.Net;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Quic;

namespace Muxer.Conformance.Tests;

/// <summary>
/// Runs QUIC v1 (libp2p/specs quic/README.md; RFC 9000 streams) as the suite's muxer: each end is a full
/// <see cref="QuicTransport"/> (TLS 1.3 handshake, libp2p certificate, loss recovery, flow control) whose datagrams
/// travel over the suite's pipe through <see cref="PipeDatagramSocket"/>. The session handed back is the
/// <see cref="QuicConnection"/> once its handshake completes.
/// </summary>
internal sealed class QuicOverPipeMuxer(TimeSpan idleTimeout) : IStreamMuxer
{
    private static readonly IPEndPoint DialerEndPoint = new(IPAddress.Loopback, 40001);
    private static readonly IPEndPoint ListenerEndPoint = new(IPAddress.Loopback, 40002);

    /// <inheritdoc />
    public string ProtocolId => "/quic-v1";

    /// <inheritdoc />
    public IMuxedConnection Create(IDuplexPipe connection, bool isInitiator)
    {
        var socket = new PipeDatagramSocket(
            connection,
            isInitiator ? DialerEndPoint : ListenerEndPoint,
            isInitiator ? ListenerEndPoint : DialerEndPoint);
        var options = new QuicTransportOptions
        {
            IdleTimeout = idleTimeout,
            HandshakeTimeout = TimeSpan.FromSeconds(60),
            SocketWrapper = real =>
            {
                // The transport binds a loopback socket first; the pipe replaces it, so the real one is never used.
                real.Dispose();
                return socket;
            },
        };
        var transport = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519), options);
        return new PendingQuicConnection(transport, socket, isInitiator);
    }

    private sealed class PendingQuicConnection : IMuxedConnection
    {
        private readonly QuicTransport _transport;
        private readonly PipeDatagramSocket _socket;
        private readonly CancellationTokenSource _stop = new();
        private int _disposed;
        private readonly Task<QuicConnection> _established;
        private QuicListener? _listener;

        public PendingQuicConnection(QuicTransport transport, PipeDatagramSocket socket, bool isInitiator)
        {
            _transport = transport;
            _socket = socket;
            _established = isInitiator ? DialAsync() : AcceptAsync();
            Completion = CompleteAsync();
        }

        public Task Completion { get; }

        public async ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
        {
            QuicConnection connection = await _established.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await connection.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
        {
            QuicConnection connection = await _established.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await connection.AcceptStreamAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
        {
            QuicConnection connection = await _established.WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            // A teardown may dispose twice (the suite's list, then a test's own using); the second call has nothing left.
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            await _stop.CancelAsync().ConfigureAwait(false);
            try
            {
                QuicConnection connection = await _established.ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or Libp2pException)
            {
                // The handshake never finished; there is no connection to close.
            }
            if (_listener is not null)
            {
                await _listener.DisposeAsync().ConfigureAwait(false);
            }
            await _transport.DisposeAsync().ConfigureAwait(false);
            _socket.Dispose();
            await _socket.Sending.ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task<QuicConnection> DialAsync() =>
            await _transport.DialAsync(QuicAddress.Format(ListenerEndPoint), null, _stop.Token).ConfigureAwait(false);

        private async Task<QuicConnection> AcceptAsync()
        {
            _listener = await _transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), _stop.Token).ConfigureAwait(false);
            return await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
        }

        private async Task CompleteAsync()
        {
            QuicConnection connection = await _established.ConfigureAwait(false);
            await connection.Completion.ConfigureAwait(false);
        }
    }
}
