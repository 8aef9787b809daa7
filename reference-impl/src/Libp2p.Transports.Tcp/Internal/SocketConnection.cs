using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Buffers;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Tcp.Internal;

/// <summary>
/// A connected TCP socket exposed as an <see cref="IRawConnection"/>: a receive loop fills the input pipe and a
/// send loop drains the output pipe (the shape of Kestrel's SocketConnection). The receive loop waits with a
/// zero-byte read so that idle connections hold no buffer; pipe thresholds give backpressure both ways.
/// Completing the output sends FIN (<c>Shutdown(Send)</c>); <see cref="Abort"/> sends RST (linger 0).
/// </summary>
internal sealed class SocketConnection : IRawConnection
{
    private const int MinReceiveBufferSize = 4096;
    private const int MaxReceiveChunk = 64 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private readonly string _description;
    private volatile bool _aborted;
    private int _disposed;

    public SocketConnection(Socket socket, Multiaddr local, Multiaddr remote, TcpTransportOptions options)
    {
        _socket = socket;
        LocalAddress = local;
        RemoteAddress = remote;
        _description = $"tcp {local} <-> {remote}";
        var pool = MemoryPool<byte>.Shared;
        _input = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            options.MaxReceiveBufferSize, options.MaxReceiveBufferSize / 2, MinReceiveBufferSize, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, PipeScheduler.Inline, PipeScheduler.Inline,
            options.MaxSendBufferSize, options.MaxSendBufferSize / 2, MinReceiveBufferSize, useSynchronizationContext: false));
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _sendLoop = Task.Run(SendLoopAsync);
    }

    public Multiaddr LocalAddress { get; }

    public Multiaddr RemoteAddress { get; }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public void Abort()
    {
        if (_aborted)
        {
            return;
        }
        _aborted = true;
        TcpSockets.Reset(_socket);
        _output.Reader.CancelPendingRead();
        _input.Writer.CancelPendingFlush();
    }

    private IOException AbortedError(Exception? inner) =>
        new($"{_description}: {SocketErrors.Describe(TransportErrorKind.ConnectionAborted)}",
            new TransportException(TransportErrorKind.ConnectionAborted, "connection aborted locally", inner));

    private async Task ReceiveLoopAsync()
    {
        var writer = _input.Writer;
        Exception? error = null;
        try
        {
            int sizeHint = MinReceiveBufferSize;
            bool filled = false;
            while (true)
            {
                if (!filled)
                {
                    // Zero-byte read: wait for data without renting a buffer (idle connections cost no memory).
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                }
                var buffer = writer.GetMemory(sizeHint);
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                writer.Advance(read);
                // A read that filled the buffer means a bulk transfer: read again at once, with a larger buffer,
                // so a fast sender costs one syscall and one flush per 64 KiB rather than per 4 KiB. A short read
                // means the socket is drained: fall back to the zero-byte wait and small buffers.
                filled = read == buffer.Length;
                sizeHint = filled ? Math.Min(sizeHint * 2, MaxReceiveChunk) : MinReceiveBufferSize;
                if (!await writer.FlushToConsumerAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            if (_aborted)
            {
                error = AbortedError(null);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            error = _aborted ? AbortedError(e) : SocketErrors.ToPipeException(e, _description);
        }
        finally
        {
            await writer.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await reader.ReadAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not (SocketException or ObjectDisposedException or IOException))
                {
                    // The layer above completed its side with an error (e.g. a security session it aborted): nothing more
                    // is coming to send, and its failure is already reported where it happened, so the loop just ends
                    // and disposal does not rethrow it.
                    error = e;
                    break;
                }
                if (result.IsCanceled || _aborted)
                {
                    error = AbortedError(null);
                    break;
                }
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var sent = 0;
                    while (sent < segment.Length)
                    {
                        sent += await _socket.SendAsync(segment[sent..], SocketFlags.None).ConfigureAwait(false);
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    _socket.Shutdown(SocketShutdown.Send);
                    break;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            error = _aborted ? AbortedError(e) : SocketErrors.ToPipeException(e, _description);
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    /// <summary>Graceful close: flushes what was written (bounded wait), sends FIN, closes, awaits both loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _sendLoop.WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer stopped reading; closing the socket below ends the send loop.
        }
        _socket.Dispose();
        _output.Reader.CancelPendingRead();
        await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
    }
}
