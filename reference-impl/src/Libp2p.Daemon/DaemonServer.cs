using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Protocol;
using Libp2p.Host;

namespace Libp2p.Daemon;

/// <summary>
/// The libp2p daemon control protocol server (go-libp2p-daemon specs/CONTROL.md, "Protocol Specification") over a
/// <see cref="Node"/>: one control connection per request, a varint-prefixed <c>Request</c> answered by a
/// varint-prefixed <c>Response</c>; after STREAM_OPEN the connection carries the libp2p stream. A malformed
/// request gets an <c>ERROR</c> response and costs only its own connection.
/// </summary>
public sealed partial class DaemonServer : IAsyncDisposable
{
    private readonly Node _node;
    private readonly DaemonServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots;
    private Socket? _listener;
    private Task? _acceptLoop;
    private string? _unixPath;
    private int _faults;

    /// <summary>Creates a server for <paramref name="node"/> (not owned: the caller disposes it after the server).</summary>
    public DaemonServer(Node node, DaemonServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
        _options = options ?? new DaemonServerOptions();
        _slots = new SemaphoreSlim(_options.MaxConcurrentRequests);
    }

    /// <summary>The bound control address (with the real port), once started.</summary>
    public Multiaddr? ControlAddress { get; private set; }

    /// <summary>Control connections that ended in an unexpected fault (a daemon bug, never a client's mistake).</summary>
    public int Faults => Volatile.Read(ref _faults);

    /// <summary>The last unexpected fault, for diagnostics.</summary>
    public Exception? LastFault { get; private set; }

    /// <summary>Binds the control endpoint and starts serving; returns the bound address.</summary>
    /// <exception cref="ArgumentException"><paramref name="listen"/> is not a tcp or unix multiaddr.</exception>
    public Task<Multiaddr> StartAsync(Multiaddr listen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listen);
        cancellationToken.ThrowIfCancellationRequested();
        if (_listener is not null)
        {
            throw new InvalidOperationException("the daemon server is already started");
        }
        EndPoint endPoint = ControlEndpoint.ToEndPoint(listen);
        if (endPoint is UnixDomainSocketEndPoint)
        {
            _unixPath = endPoint.ToString();
            // A stale socket file from an earlier run would make bind fail, as it does for go p2pd.
            if (File.Exists(_unixPath))
            {
                File.Delete(_unixPath);
            }
        }
        Socket socket = ControlEndpoint.CreateSocket(endPoint);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _listener = socket;
        ControlAddress = ControlEndpoint.FromEndPoint(socket.LocalEndPoint ?? endPoint);
        _acceptLoop = AcceptLoopAsync(socket, _stopping.Token);
        return Task.FromResult(ControlAddress);
    }

    /// <summary>Stops accepting, cancels running requests and bridged streams, and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        if (_unixPath is not null && File.Exists(_unixPath))
        {
            File.Delete(_unixPath);
        }
        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                await _slots.WaitAsync(stopping).ConfigureAwait(false);
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            if (client.ProtocolType == ProtocolType.Tcp)
            {
                client.NoDelay = true;
            }
            Track(ServeControlConnectionAsync(client, stopping));
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    private async Task ServeControlConnectionAsync(Socket socket, CancellationToken stopping)
    {
        await Task.Yield();
        var network = new NetworkStream(socket, ownsSocket: false);
        PipeReader input = PipeReader.Create(network, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            Request? request = null;
            Response? failure = null;
            try
            {
                request = await ReadRequestAsync(input, stopping).ConfigureAwait(false);
            }
            catch (ControlProtocolException e)
            {
                failure = Error(e.Message);
            }
            if (request is null)
            {
                if (failure is not null)
                {
                    await SendAsync(socket, failure, stopping).ConfigureAwait(false);
                    await DrainAsync(input, socket, stopping).ConfigureAwait(false);
                }
                return;
            }
            await DispatchAsync(request, input, socket, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or Libp2pException)
        {
            // The client went away or the daemon is stopping: nothing is left to answer.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault in one request must not stop the daemon; it is counted so tests and operators can see it.
            Interlocked.Increment(ref _faults);
            LastFault = e;
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await network.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            ReleaseSlot();
        }
    }

    private void ReleaseSlot()
    {
        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // Disposal raced the last request's end; there is no one left to wake.
        }
    }

    /// <summary>Reads one framed request; null when the client closed before sending anything.</summary>
    private async Task<Request?> ReadRequestAsync(PipeReader input, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.RequestTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new ControlProtocolException($"no complete request within {_options.RequestTimeout.TotalSeconds:0} s");
            }
            ReadOnlySequence<byte> buffer = result.Buffer;
            switch (ControlFrame.TryRead(buffer, _options.MaxRequestLength, out ReadOnlySequence<byte> payload, out SequencePosition consumed))
            {
                case ControlFrameStatus.Complete:
                    try
                    {
                        return ControlRequestDecoder.Decode(payload);
                    }
                    finally
                    {
                        input.AdvanceTo(consumed);
                    }
                case ControlFrameStatus.BadLength:
                    input.AdvanceTo(buffer.End);
                    throw new ControlProtocolException("bad length prefix: not a minimal unsigned varint of at most 63 bits");
                case ControlFrameStatus.TooLarge:
                    input.AdvanceTo(buffer.End);
                    throw new ControlProtocolException($"request larger than the {_options.MaxRequestLength}-byte limit");
            }
            if (result.IsCompleted)
            {
                bool empty = buffer.IsEmpty;
                input.AdvanceTo(buffer.End);
                return empty ? null : throw new ControlProtocolException("truncated request: the connection ended inside the length-prefixed message");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static async Task SendAsync(Socket socket, Response response, CancellationToken cancellationToken)
    {
        byte[] bytes = ControlFrame.ToArray(response);
        int sent = 0;
        while (sent < bytes.Length)
        {
            sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After an ERROR for a bad request, half-closes and discards what the client still sends (bounded in bytes and
    /// time), so closing with unread input does not turn into a TCP reset that could destroy the ERROR in flight.
    /// </summary>
    private static async Task DrainAsync(PipeReader input, Socket socket, CancellationToken stopping)
    {
        socket.Shutdown(SocketShutdown.Send);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        long discarded = 0;
        try
        {
            while (discarded < 4 * ControlFrame.DefaultMaxLength)
            {
                ReadResult result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                discarded += result.Buffer.Length;
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The client keeps its side open; the ERROR is already out.
        }
    }

    private static Response Ok() => new() { Type = Response.Types.Type.Ok };

    private static Response Error(string message) => new() { Type = Response.Types.Type.Error, Error = new ErrorResponse { Msg = message } };
}
