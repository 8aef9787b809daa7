using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Internal;
using Libp2p.Daemon.Protocol;

namespace Libp2p.Daemon;

/// <summary>
/// The client side of STREAM_HANDLER (go-libp2p-daemon specs/CONTROL.md, "StreamHandler - Register" and "StreamHandler - Inbound stream"): a loopback
/// listener the daemon dials for each inbound stream, sending a length-prefixed <c>StreamInfo</c> first.
/// </summary>
public sealed class DaemonStreamHandlerRegistration : IAsyncDisposable
{
    private const int MaxStreamInfoLength = 64 * 1024;
    private readonly Socket _listener;
    private readonly DaemonStreamHandler _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _rejected;

    private DaemonStreamHandlerRegistration(Socket listener, IReadOnlyList<string> protocols, DaemonStreamHandler handler)
    {
        _listener = listener;
        _handler = handler;
        Protocols = protocols;
        Address = ControlEndpoint.FromEndPoint(listener.LocalEndPoint!);
    }

    /// <summary>The address the daemon dials back.</summary>
    public Multiaddr Address { get; }

    /// <summary>The protocols registered.</summary>
    public IReadOnlyList<string> Protocols { get; }

    /// <summary>Streams whose StreamInfo was malformed or that ended before it (dropped without calling the handler).</summary>
    public int RejectedStreams => Volatile.Read(ref _rejected);

    internal static DaemonStreamHandlerRegistration Start(IReadOnlyList<string> protocols, DaemonStreamHandler handler)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        Socket socket = ControlEndpoint.CreateSocket(endPoint);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var registration = new DaemonStreamHandlerRegistration(socket, [.. protocols], handler);
        registration._acceptLoop = registration.AcceptLoopAsync();
        return registration;
    }

    /// <summary>Stops listening and waits for running handlers (which see their token cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            socket.NoDelay = true;
            lock (_gate)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(ServeAsync(socket, stopping));
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        StreamInfo info;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            info = StreamInfo.Parser.ParseFrom(await SocketFrames.ReadAsync(socket, MaxStreamInfoLength, timeout.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (e is ControlProtocolException or InvalidProtocolBufferException or SocketException or OperationCanceledException)
        {
            Interlocked.Increment(ref _rejected);
            socket.Dispose();
            return;
        }
        DaemonStream stream;
        try
        {
            stream = new DaemonStream(socket, ControlRequestDecoder.ReadPeerId(info.Peer, "streamInfo.peer"), ControlRequestDecoder.ReadMultiaddr(info.Addr, "streamInfo.addr"), info.Proto);
        }
        catch (ControlProtocolException)
        {
            Interlocked.Increment(ref _rejected);
            socket.Dispose();
            return;
        }
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await _handler(stream, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or Libp2pException or ObjectDisposedException)
            {
                // A handler that fails on its stream ends that stream only; closing the socket resets it at the daemon.
            }
        }
    }
}
