using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp.Internal;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// A WebSocket listener on our own TCP socket: an accept loop hands each socket to a handshake task (TLS when
/// secure, then the HTTP/1.1 upgrade of RFC 6455 §4.2, bounded in size and time); upgraded connections queue for
/// <see cref="AcceptAsync"/>. Invalid upgrade requests get a 400 (426 for an unsupported version) and are closed.
/// </summary>
internal sealed class WebSocketListener : IConnectionListener
{
    private readonly Socket _socket;
    private readonly WebSocketTransportOptions _options;
    private readonly bool _secure;
    private readonly string _suffix;
    private readonly Channel<WebSocketConnection> _ready;
    private readonly CancellationTokenSource _cts = new();
    private readonly ConcurrentDictionary<long, Task> _handshakes = new();
    private readonly Task _acceptLoop;
    private long _rejected;
    private long _nextHandshake;
    private int _disposed;

    public WebSocketListener(Socket socket, WebSocketTransportOptions options, bool secure, string suffix)
    {
        _socket = socket;
        _options = options;
        _secure = secure;
        _suffix = suffix;
        LocalAddress = Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.LocalEndPoint!) + suffix);
        _ready = Channel.CreateBounded<WebSocketConnection>(new BoundedChannelOptions(options.AcceptQueue)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Multiaddr LocalAddress { get; }

    /// <summary>Handshakes refused so far (malformed, oversized, timed out or failed TLS).</summary>
    public long RejectedHandshakes => Interlocked.Read(ref _rejected);

    public async ValueTask<IRawConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException($"listener {LocalAddress} is closed");
        }
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _cts.Token;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var socket = await _socket.AcceptAsync(ct).ConfigureAwait(false);
                socket.NoDelay = true;
                // The handshake waits for its registration, so that it always removes itself after being added.
                var id = Interlocked.Increment(ref _nextHandshake);
                var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _handshakes[id] = HandshakeAsync(id, registered.Task, socket, ct);
                registered.SetResult();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The listener was disposed (or its socket failed): accepting ends, AcceptAsync reports closure.
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }

    private async Task HandshakeAsync(long id, Task registered, Socket socket, CancellationToken listenerToken)
    {
        await registered.ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(listenerToken);
        timeout.CancelAfter(_options.HandshakeTimeout);
        var ct = timeout.Token;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        WebSocketConnection? connection = null;
        try
        {
            if (_secure)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _options.ServerCertificate,
                    ClientCertificateRequired = false,
                }, ct).ConfigureAwait(false);
            }
            var (block, leftover) = await HeaderBlockReader.ReadAsync(stream, ct).ConfigureAwait(false);
            var request = block is null
                ? UpgradeRequest.Reject($"header block larger than {WebSocketHandshake.MaxHeaderBytes} bytes")
                : WebSocketHandshake.ParseRequest(block);
            if (!request.IsValid)
            {
                Interlocked.Increment(ref _rejected);
                await stream.WriteAsync(WebSocketHandshake.BuildReject(request), ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
                return;
            }
            await stream.WriteAsync(WebSocketHandshake.BuildAccept(request.Key), ct).ConfigureAwait(false);
            await stream.FlushAsync(ct).ConfigureAwait(false);
            if (leftover.Length > 0)
            {
                stream = new PrefixedStream(stream, leftover);
            }
            connection = new WebSocketConnection(socket, stream, isServer: true, LocalAddress,
                Multiaddr.Parse(TcpEndpointAddress.Format((IPEndPoint)socket.RemoteEndPoint!) + _suffix), _options.MaxBufferSize);
            await _ready.Writer.WriteAsync(connection, ct).ConfigureAwait(false);
            connection = null;
            stream = null!;
        }
        catch (Exception)
        {
            // A failed handshake (I/O, TLS, timeout, closure) concerns only that peer; the listener goes on.
            Interlocked.Increment(ref _rejected);
        }
        finally
        {
            _handshakes.TryRemove(id, out _);
            if (connection is not null)
            {
                connection.Abort();
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _cts.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_handshakes.Values).ConfigureAwait(false);
        while (_ready.Reader.TryRead(out var pending))
        {
            pending.Abort();
            await pending.DisposeAsync().ConfigureAwait(false);
        }
        _cts.Dispose();
    }
}
