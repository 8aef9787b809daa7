using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Libp2p.Core.Buffers;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Internal;

namespace Libp2p.Muxers.Mplex;

/// <summary>
/// One mplex stream (libp2p/specs mplex/README.md, "Protocol"). Completing <see cref="Output"/> sends Close,
/// <see cref="Reset"/> sends Reset. Without flow control, a reader that falls more than
/// <see cref="MplexOptions.MaxStreamBuffer"/> behind holds the connection's read pump, and gets the stream reset
/// when it does not catch up within <see cref="MplexOptions.SlowReaderTimeout"/>.
/// </summary>
public sealed class MplexStream : IMuxedStream, IConsumptionSink
{
    // Large segments keep the number of buffers a bulk stream holds within what ArrayPool.Shared retains per core,
    // so steady-state transfers reuse arrays instead of allocating them.
    private const int SegmentSize = 64 * 1024;

    private readonly MplexSession _session;
    private readonly Lock _lock = new();
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly ConsumptionReader _input;
    private readonly long _maxBuffer;
    private readonly int _maxMessage;
    private long _buffered;
    private bool _remoteClosed;
    private bool _localClosed;
    private bool _inputAbandoned;
    private Exception? _abort;
    private bool _removed;
    private bool _drainWaiter;
    private readonly AsyncSignal _drainSignal = new();
    private Task _sendPump = Task.CompletedTask;

    internal MplexStream(MplexSession session, ulong id, bool isInitiator, MplexOptions options)
    {
        _session = session;
        StreamId = id;
        IsInitiator = isInitiator;
        _maxBuffer = options.MaxStreamBuffer;
        _maxMessage = Math.Min(options.MaxSendMessageSize, MplexFrameHeader.MaxMessageSize);
        // Bounded by MaxStreamBuffer (enforced on delivery), so the read pump never waits on it.
        _inbound = new Pipe(new PipeOptions(BlockMemoryPool.Shared, pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: BlockMemoryPool.BlockSize, useSynchronizationContext: false));
        _outbound = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
        _input = new ConsumptionReader(_inbound.Reader, this);
    }

    /// <summary>The mplex stream ID (scoped by <see cref="IsInitiator"/>).</summary>
    public ulong StreamId { get; }

    /// <inheritdoc />
    public long Id => (long)StreamId;

    /// <inheritdoc />
    public bool IsInitiator { get; }

    /// <inheritdoc />
    public PipeReader Input => _input;

    /// <inheritdoc />
    public PipeWriter Output => _outbound.Writer;

    internal Task SendPump => _sendPump;

    internal MplexStreamKey Key => new(StreamId, IsInitiator);

    internal void Start() => _sendPump = SendPumpAsync();

    /// <inheritdoc />
    public void Reset() => Abort(new StreamResetException("stream reset locally"), sendReset: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        bool clean;
        lock (_lock)
        {
            clean = _abort is null && _remoteClosed;
        }
        if (clean)
        {
            _outbound.Writer.Complete();
        }
        else
        {
            Reset();
        }
        await _sendPump.ConfigureAwait(false);
        try
        {
            _inbound.Reader.Complete();
        }
        catch (InvalidOperationException)
        {
            // The application is in the middle of a read; it will complete the reader itself.
        }
    }

    /// <summary>Buffers <paramref name="data"/> for the reader; true when the reader is now too far behind.</summary>
    internal bool Deliver(in ReadOnlySequence<byte> data)
    {
        lock (_lock)
        {
            if (_abort is not null || _remoteClosed || _inputAbandoned)
            {
                return false;
            }
            _buffered += data.Length;
            PipeWriter writer = _inbound.Writer;
            foreach (ReadOnlyMemory<byte> segment in data)
            {
                writer.Write(segment.Span);
            }
            ValueTask<FlushResult> flush = writer.FlushAsync();
            Debug.Assert(flush.IsCompleted, "an unpaused pipe completes flushes synchronously");
            flush.GetAwaiter().GetResult();
            return _buffered > _maxBuffer;
        }
    }

    /// <summary>
    /// Holds the read pump (the whole connection, as go-mplex does) until the reader drains below the limit;
    /// resets the stream when it does not within <paramref name="timeout"/>.
    /// </summary>
    internal async ValueTask WaitForDrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_abort is not null || _inputAbandoned || _buffered <= _maxBuffer)
                {
                    _drainWaiter = false;
                    return;
                }
                _drainWaiter = true;
                wait = _drainSignal.Task;
            }
            long left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                Abort(new StreamResetException($"mplex: reader fell more than {_maxBuffer} bytes behind; stream reset"), sendReset: true);
                return;
            }
            try
            {
                await wait.WaitAsync(TimeSpan.FromMilliseconds(left), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Checked on the next iteration.
            }
        }
    }

    internal void OnRemoteClose()
    {
        lock (_lock)
        {
            if (_abort is not null || _remoteClosed)
            {
                return;
            }
            _remoteClosed = true;
            _inbound.Writer.Complete();
        }
        MaybeRemove();
    }

    internal void OnRemoteReset() => Abort(new StreamResetException("stream reset by remote"), sendReset: false);

    internal void OnSessionClosed(Exception reason) => Abort(reason, sendReset: false);

    void IConsumptionSink.OnConsumed(long bytes)
    {
        bool wake;
        lock (_lock)
        {
            _buffered -= bytes;
            wake = _drainWaiter && _buffered <= _maxBuffer;
        }
        if (wake)
        {
            _drainSignal.Set();
        }
    }

    void IConsumptionSink.OnReaderCompleted()
    {
        lock (_lock)
        {
            _inputAbandoned = true;
        }
        _drainSignal.Set();
    }

    private MplexFlag Flag(MplexFlag initiatorFlag) => IsInitiator ? initiatorFlag : initiatorFlag - 1;

    private void Abort(Exception reason, bool sendReset)
    {
        lock (_lock)
        {
            if (_abort is not null || (_localClosed && _remoteClosed))
            {
                return;
            }
            _abort = reason;
            _inbound.Writer.Complete(reason);
        }
        if (sendReset)
        {
            _session.EnqueueControl(new MplexControl(StreamId, Flag(MplexFlag.ResetInitiator), null), fromRemote: false);
        }
        _outbound.Reader.CancelPendingRead();
        _drainSignal.Set();
        MaybeRemove();
    }

    private void MaybeRemove()
    {
        lock (_lock)
        {
            if (_removed || !(_abort is not null || (_localClosed && _remoteClosed)))
            {
                return;
            }
            _removed = true;
        }
        _session.RemoveStream(this);
    }

    private async Task SendPumpAsync()
    {
        PipeReader reader = _outbound.Reader;
        Exception? failure = null;
        MplexFlag messageFlag = Flag(MplexFlag.MessageInitiator);
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                lock (_lock)
                {
                    failure = _abort;
                }
                if (failure is not null)
                {
                    reader.AdvanceTo(buffer.End);
                    return;
                }
                try
                {
                    if (!buffer.IsEmpty)
                    {
                        await _session.WriteDataAsync(StreamId, messageFlag, buffer, _maxMessage).ConfigureAwait(false);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
                if (result.IsCompleted)
                {
                    _session.EnqueueControl(new MplexControl(StreamId, Flag(MplexFlag.CloseInitiator), null), fromRemote: false);
                    lock (_lock)
                    {
                        _localClosed = true;
                    }
                    MaybeRemove();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // The application completed the output with an error, or the session went away.
            failure = e is Libp2pException ? e : new StreamResetException($"stream aborted: {e.Message}");
            Abort(failure, sendReset: e is not MuxerClosedException);
        }
        finally
        {
            reader.Complete(failure);
            _session.OnSendPumpExited(this);
        }
    }
}
