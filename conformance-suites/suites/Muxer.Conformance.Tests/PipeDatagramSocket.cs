using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Libp2p.Transports.Quic;

namespace Muxer.Conformance.Tests;

/// <summary>
/// A datagram "socket" carried over the suite's byte pipe: each datagram travels as a 2-byte big-endian length and
/// its bytes, so QUIC (RFC 9000) runs unchanged above it over every <see cref="Support.TransportKind"/>. Like UDP it
/// never blocks a sender: when the outgoing queue is full the datagram is dropped (QUIC recovers it as loss).
/// </summary>
internal sealed class PipeDatagramSocket : IDatagramSocket
{
    private const int MaxQueuedDatagrams = 4096;
    private readonly IDuplexPipe _pipe;
    private readonly IPEndPoint _remote;
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(MaxQueuedDatagrams) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Task _sending;

    /// <summary>Carries datagrams over <paramref name="pipe"/>; received ones appear to come from <paramref name="remote"/>.</summary>
    public PipeDatagramSocket(IDuplexPipe pipe, IPEndPoint local, IPEndPoint remote)
    {
        _pipe = pipe;
        _remote = remote;
        LocalEndPoint = local;
        _sending = Task.Run(SendLoopAsync);
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Completes once the send loop has stopped (after <see cref="Dispose"/> or a broken pipe).</summary>
    public Task Sending => _sending;

    /// <inheritdoc />
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (datagram.Length > ushort.MaxValue)
        {
            return;
        }
        byte[] framed = new byte[2 + datagram.Length];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)datagram.Length);
        datagram.CopyTo(framed.AsSpan(2));
        _outgoing.Writer.TryWrite(framed);
    }

    /// <inheritdoc />
    public async ValueTask<(int Length, IPEndPoint Remote)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _pipe.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The carrier broke (aborted connection): to QUIC that is a socket that no longer receives.
                throw new ObjectDisposedException(nameof(PipeDatagramSocket), ex);
            }
            ReadOnlySequence<byte> data = result.Buffer;
            if (data.Length >= 2)
            {
                int length = ReadLength(data);
                if (data.Length >= 2 + length)
                {
                    // A datagram larger than the receive buffer is truncated to nothing, as a UDP socket would drop it.
                    int delivered = length <= buffer.Length ? length : 0;
                    data.Slice(2, delivered).CopyTo(buffer.Span);
                    _pipe.Input.AdvanceTo(data.GetPosition(2 + length));
                    if (delivered > 0)
                    {
                        return (delivered, _remote);
                    }
                    continue;
                }
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                _pipe.Input.AdvanceTo(data.Start, data.End);
                throw new ObjectDisposedException(nameof(PipeDatagramSocket), "the carrier pipe ended");
            }
            _pipe.Input.AdvanceTo(data.Start, data.End);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Also cancels a write blocked on the carrier's back-pressure: once the other end stopped reading (its connection
    /// was disposed first), the send loop would otherwise wait forever and <see cref="Sending"/> never complete.
    /// </remarks>
    public void Dispose()
    {
        _outgoing.Writer.TryComplete();
        _pipe.Output.CancelPendingFlush();
    }

    private static int ReadLength(ReadOnlySequence<byte> data)
    {
        Span<byte> header = stackalloc byte[2];
        data.Slice(0, 2).CopyTo(header);
        return BinaryPrimitives.ReadUInt16BigEndian(header);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (byte[] framed in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                FlushResult flushed = await _pipe.Output.WriteAsync(framed).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A broken carrier is packet loss from here on; the QUIC idle timeout ends the connection.
        }
        _outgoing.Writer.TryComplete();
        while (_outgoing.Reader.TryRead(out _))
        {
        }
    }
}
