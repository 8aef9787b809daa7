using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Net.WebSockets;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Buffers;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Tcp;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// A WebSocket (RFC 6455 framing by <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>)
/// exposed as an <see cref="IRawConnection"/>. Bytes go out as binary messages: whatever is buffered when the
/// send loop wakes is coalesced into messages of up to <see cref="MaxSendMessage"/> bytes; message boundaries carry
/// no meaning. Completing the output sends a Close frame (the half-close js-libp2p performs);
/// a received Close ends the input. <see cref="Abort"/> resets the TCP connection (linger 0).
/// </summary>
internal sealed class WebSocketConnection : IRawConnection
{
    private const int ReceiveChunk = 64 * 1024;
    // One frame (one socket write) per pipe segment meant a syscall and a frame header per 4 KiB: coalesce instead.
    private const int MaxSendMessage = 256 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly WebSocket _webSocket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _receiveLoop;
    private readonly Task _sendLoop;
    private readonly string _description;
    private volatile bool _aborted;
    private int _disposed;

    public WebSocketConnection(Socket socket, Stream stream, bool isServer, Multiaddr local, Multiaddr remote, int maxBufferSize)
    {
        _socket = socket;
        _stream = stream;
        LocalAddress = local;
        RemoteAddress = remote;
        _description = $"websocket {local} <-> {remote}";
        _webSocket = WebSocket.CreateFromStream(new MaskEnforcingStream(stream, expectMasked: isServer), new WebSocketCreationOptions
        {
            IsServer = isServer,
            KeepAliveInterval = TimeSpan.Zero,
        });
        var pool = MemoryPool<byte>.Shared;
        _input = new Pipe(new PipeOptions(pool, pauseWriterThreshold: maxBufferSize, resumeWriterThreshold: maxBufferSize / 2,
            minimumSegmentSize: ReceiveChunk, useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(pool, pauseWriterThreshold: maxBufferSize, resumeWriterThreshold: maxBufferSize / 2,
            useSynchronizationContext: false));
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
        Tcp.Internal.TcpSockets.Reset(_socket);
        _webSocket.Abort();
        _cts.Cancel();
        _input.Writer.CancelPendingFlush();
    }

    private IOException Error(Exception? e)
    {
        if (_aborted)
        {
            return new IOException($"{_description}: connection aborted locally",
                new TransportException(TransportErrorKind.ConnectionAborted, "connection aborted locally", e));
        }
        var kind = e switch
        {
            WebSocketException { InnerException: IOException { InnerException: SocketException se } } => Tcp.Internal.SocketErrors.Classify(se.SocketErrorCode),
            IOException { InnerException: SocketException se } => Tcp.Internal.SocketErrors.Classify(se.SocketErrorCode),
            SocketException se => Tcp.Internal.SocketErrors.Classify(se.SocketErrorCode),
            WebSocketException { WebSocketErrorCode: WebSocketError.ConnectionClosedPrematurely } => TransportErrorKind.ConnectionReset,
            WebSocketException => TransportErrorKind.HandshakeFailed,
            _ => TransportErrorKind.Other,
        };
        var message = $"{_description}: {e?.Message ?? Tcp.Internal.SocketErrors.Describe(kind)}";
        return new IOException(message, new TransportException(kind, message, e));
    }

    private async Task ReceiveLoopAsync()
    {
        var writer = _input.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(ReceiveChunk);
                var result = await _webSocket.ReceiveAsync(memory, _cts.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // libp2p/specs websockets: the connection carries bytes; js-libp2p only sends binary messages.
                    // Abort rather than send a Close: the send loop may be mid-send, and WebSocket allows one sender.
                    var violation = new IOException($"{_description}: received a text message; libp2p WebSockets carry binary messages only",
                        new TransportException(TransportErrorKind.HandshakeFailed, "text message received"));
                    Abort();
                    throw violation;
                }
                writer.Advance(result.Count);
                if (!await writer.FlushToConsumerAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            if (_aborted)
            {
                error = Error(null);
            }
        }
        catch (IOException e) when (e.InnerException is TransportException { Kind: TransportErrorKind.HandshakeFailed })
        {
            error = e;
        }
        catch (Exception e) when (e is WebSocketException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            error = Error(e);
            // A WebSocket cannot resume after a failed receive (RFC 6455 §7.1.7: fail the connection).
            Abort();
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
                    result = await reader.ReadAsync(_cts.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not (WebSocketException or IOException or SocketException or ObjectDisposedException or OperationCanceledException))
                {
                    // The layer above completed its side with an error: nothing more is coming, and its failure is
                    // reported where it happened, so the loop ends without disposal rethrowing it.
                    error = e;
                    break;
                }
                var buffer = result.Buffer;
                await SendCoalescedAsync(buffer).ConfigureAwait(false);
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    if (_webSocket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await _webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, _cts.Token).ConfigureAwait(false);
                    }
                    if (_webSocket.State == WebSocketState.Closed)
                    {
                        // Both Close frames exchanged: the initiator of the TCP close is the server (RFC 6455 §7.1.1).
                        _socket.Shutdown(SocketShutdown.Send);
                    }
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            error = Error(e);
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async ValueTask SendCoalescedAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            for (var rest = buffer.First; !rest.IsEmpty; rest = rest[Math.Min(rest.Length, MaxSendMessage)..])
            {
                await _webSocket.SendAsync(rest[..Math.Min(rest.Length, MaxSendMessage)], WebSocketMessageType.Binary, endOfMessage: true,
                    _cts.Token).ConfigureAwait(false);
            }
            return;
        }
        var scratch = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length, MaxSendMessage));
        try
        {
            while (!buffer.IsEmpty)
            {
                var n = (int)Math.Min(buffer.Length, scratch.Length);
                buffer.Slice(0, n).CopyTo(scratch);
                buffer = buffer.Slice(n);
                await _webSocket.SendAsync(scratch.AsMemory(0, n), WebSocketMessageType.Binary, endOfMessage: true, _cts.Token)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Graceful close: sends what was written and a Close frame (bounded wait), then closes the socket.</summary>
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
            // The peer stopped reading; closing below ends the loop.
        }
        await _cts.CancelAsync().ConfigureAwait(false);
        _input.Writer.CancelPendingFlush();
        _socket.Dispose();
        _webSocket.Dispose();
        await Task.WhenAll(_receiveLoop, _sendLoop).ConfigureAwait(false);
        await _input.Reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _cts.Dispose();
    }
}
