using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>
/// A bidirectional QUIC stream (RFC 9000 §2, §3) exposed as a libp2p muxed stream (libp2p/specs quic/README.md:
/// QUIC streams are used directly, without a separate multiplexer). Completing <see cref="Output"/> sends FIN;
/// <see cref="Reset"/> sends RESET_STREAM and STOP_SENDING.
/// </summary>
public sealed class QuicStream : IMuxedStream
{
    private readonly QuicConnection _connection;
    private readonly Pipe _inbound = new(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Pipe _outbound;
    private readonly ConsumptionTrackingReader _input;
    private readonly CancellationTokenSource _abort = new();
    private Task _pump = Task.CompletedTask;

    internal QuicStream(QuicConnection connection, long id, bool isInitiator, long sendMax, long receiveWindow, int sendBuffer)
    {
        _connection = connection;
        Id = id;
        IsInitiator = isInitiator;
        SendMax = sendMax;
        ReceiveMax = receiveWindow;
        ReceiveWindow = receiveWindow;
        // The pump moves written bytes into the send buffer as soon as it has room, so the pipe itself needs little.
        int pipeLimit = Math.Min(sendBuffer, 1 << 20);
        _outbound = new Pipe(new PipeOptions(pauseWriterThreshold: pipeLimit, resumeWriterThreshold: pipeLimit / 2, useSynchronizationContext: false));
        _input = new ConsumptionTrackingReader(_inbound.Reader, n => _connection.OnStreamConsumed(this, n));
        DeliverToApplication = Deliver;
    }

    /// <inheritdoc />
    public long Id { get; }

    /// <inheritdoc />
    public bool IsInitiator { get; }

    /// <inheritdoc />
    public PipeReader Input => _input;

    /// <inheritdoc />
    public PipeWriter Output => _outbound.Writer;

    // Connection-side state; guarded by the connection's lock.
    internal SendBuffer Send { get; } = new();
    internal long SendMax { get; set; }
    internal ReceiveBuffer Receive { get; } = new();
    internal long ReceiveMax { get; set; }
    internal long ReceiveWindow { get; set; }
    internal long Consumed { get; set; }
    internal long LastWindowUpdateUs { get; set; }
    internal long? FinalSize { get; set; }
    internal bool ReceiveClosed { get; set; }
    internal bool SendClosed { get; set; }
    internal bool MaxStreamDataPending { get; set; }
    internal long? ResetPending { get; set; }
    internal long? StopSendingPending { get; set; }
    internal bool ResetSent { get; set; }
    internal TaskCompletionSource? SpaceAvailable { get; set; }

    internal bool IsFullyClosed => ReceiveClosed && SendClosed;

    internal void Start() => _pump = PumpAsync();

    /// <inheritdoc />
    public void Reset() => _connection.ResetStream(this, 0, new StreamResetException("stream reset locally"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        bool clean = _connection.StreamReceiveFinished(this);
        if (clean)
        {
            _outbound.Writer.Complete();
        }
        else
        {
            Reset();
        }
        await _pump.ConfigureAwait(false);
        try
        {
            _inbound.Reader.Complete();
        }
        catch (InvalidOperationException)
        {
            // The application is in the middle of a read; it completes the reader itself.
        }
        _abort.Dispose();
    }

    /// <summary>Cached delegate for <see cref="ReceiveBuffer.Add"/>.</summary>
    internal DeliverAction DeliverToApplication { get; }

    /// <summary>True when delivered bytes await <see cref="FlushInbound"/>.</summary>
    internal bool InboundFlushPending { get; private set; }

    /// <summary>Copies in-order received bytes into the application's pipe (connection lock held); flushed per datagram.</summary>
    private void Deliver(ReadOnlySpan<byte> data)
    {
        _inbound.Writer.Write(data);
        InboundFlushPending = true;
    }

    /// <summary>Makes delivered bytes visible to the reader: once per datagram rather than once per frame.</summary>
    internal void FlushInbound()
    {
        InboundFlushPending = false;
        // The inbound pipe never pauses (flow control bounds it), so the flush completes synchronously.
        _ = _inbound.Writer.FlushAsync(CancellationToken.None);
    }

    /// <summary>Ends the inbound side: FIN (null) or reset.</summary>
    internal void CompleteInbound(Exception? error)
    {
        if (error is null)
        {
            FlushInbound();
        }
        InboundFlushPending = false;
        _inbound.Writer.Complete(error);
    }

    /// <summary>Stops the outbound pump: the application's next writes fail.</summary>
    internal void AbortOutbound()
    {
        _outbound.Reader.CancelPendingRead();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: the pump is gone.
        }
        SpaceAvailable?.TrySetResult();
    }

    private async Task PumpAsync()
    {
        PipeReader reader = _outbound.Reader;
        Exception? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(_abort.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    failure = new StreamResetException("stream reset");
                    break;
                }
                ReadOnlySequence<byte> buffer = result.Buffer;
                long consumed = await _connection.EnqueueSendAsync(this, buffer, result.IsCompleted, _abort.Token).ConfigureAwait(false);
                reader.AdvanceTo(buffer.GetPosition(consumed));
                if (result.IsCompleted && consumed == buffer.Length)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            failure = new StreamResetException("stream reset");
        }
        catch (Libp2pException ex)
        {
            failure = ex;
        }
        await reader.CompleteAsync(failure).ConfigureAwait(false);
    }
}
