using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Libp2p.Core.Buffers;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Internal;
using System.Runtime.CompilerServices;

namespace Libp2p.Muxers.Yamux;

/// <summary>
/// One yamux stream (libp2p/specs yamux/README.md, "Streams"). Input and output are pipes; the receive window is
/// credited back as the application consumes input, and grows (auto-tuning) when a whole window drains within a
/// few round trips. Completing <see cref="Output"/> sends FIN; <see cref="Reset"/> sends RST.
/// </summary>
public sealed class YamuxStream : IMuxedStream, IConsumptionSink
{
    // Large segments keep the number of buffers a bulk stream holds within what ArrayPool.Shared retains per core,
    // so steady-state transfers reuse arrays instead of allocating them.
    private const int SegmentSize = 64 * 1024;

    private readonly YamuxSession _session;
    private readonly Lock _lock = new();
    private readonly Pipe _inbound;
    private readonly Pipe _outbound;
    private readonly ConsumptionReader _input;
    private readonly AsyncSignal _sendSignal = new();
    private readonly uint _maxWindow;
    private readonly int _maxFrame;
    private uint _recvCredit = YamuxOptions.InitialWindowSize;
    private uint _recvWindow = YamuxOptions.InitialWindowSize;
    private uint _consumedSinceUpdate;
    private long _epochStart = Stopwatch.GetTimestamp();
    private long _sendWindow = YamuxOptions.InitialWindowSize;
    private bool _remoteFin;
    private bool _localFinSent;
    private bool _inputAbandoned;
    private Exception? _abort;
    private bool _removed;
    private Task _sendPump = Task.CompletedTask;

    internal YamuxStream(YamuxSession session, uint id, bool isInitiator, YamuxOptions options)
    {
        _session = session;
        StreamId = id;
        IsInitiator = isInitiator;
        _maxWindow = Math.Max(options.MaxWindowSize, YamuxOptions.InitialWindowSize);
        _maxFrame = options.MaxFrameSize;
        // Memory of the inbound pipe is bounded by the receive window, enforced by the session, so the pump never waits on it.
        _inbound = new Pipe(new PipeOptions(BlockMemoryPool.Shared, pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: BlockMemoryPool.BlockSize, useSynchronizationContext: false));
        long pause = 4L * YamuxOptions.InitialWindowSize;
        _outbound = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2, minimumSegmentSize: SegmentSize, useSynchronizationContext: false));
        _input = new ConsumptionReader(_inbound.Reader, this);
    }

    /// <summary>The yamux stream ID (odd when opened by the client, even when opened by the server).</summary>
    public uint StreamId { get; }

    /// <inheritdoc />
    public long Id => StreamId;

    /// <inheritdoc />
    public bool IsInitiator { get; }

    /// <inheritdoc />
    public PipeReader Input => _input;

    /// <inheritdoc />
    public PipeWriter Output => _outbound.Writer;

    /// <summary>The current receive window (grows up to <see cref="YamuxOptions.MaxWindowSize"/>).</summary>
    public uint ReceiveWindow
    {
        get
        {
            lock (_lock)
            {
                return _recvWindow;
            }
        }
    }

    internal Task SendPump => _sendPump;

    internal bool RemoteFinReceived
    {
        get
        {
            lock (_lock)
            {
                return _remoteFin;
            }
        }
    }

    internal void Start() => _sendPump = SendPumpAsync();

    /// <inheritdoc />
    public void Reset() => Abort(new StreamResetException("stream reset locally"), sendRst: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        bool clean;
        lock (_lock)
        {
            clean = _abort is null && _remoteFin;
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

    /// <summary>Reserves up to <paramref name="length"/> bytes of receive window; false when the remote overran it.</summary>
    internal bool TryReserveReceive(uint length)
    {
        lock (_lock)
        {
            if (length > _recvCredit)
            {
                return false;
            }
            _recvCredit -= length;
            return true;
        }
    }

    internal void Deliver(in ReadOnlySequence<byte> data)
    {
        bool drop;
        lock (_lock)
        {
            drop = _abort is not null || _remoteFin || _inputAbandoned;
            if (!drop)
            {
                PipeWriter writer = _inbound.Writer;
                foreach (ReadOnlyMemory<byte> segment in data)
                {
                    writer.Write(segment.Span);
                }
                // Never blocks: the pipe has no pause threshold; its size is bounded by the window.
                ValueTask<FlushResult> flush = writer.FlushAsync();
                Debug.Assert(flush.IsCompleted, "an unpaused pipe completes flushes synchronously");
                flush.GetAwaiter().GetResult();
            }
        }
        if (drop && data.Length > 0)
        {
            // Nobody will read it; credit it back so the remote does not stall on a window we never reopen.
            OnConsumed(data.Length);
        }
    }

    internal void AddSendWindow(uint delta, out bool overflow)
    {
        lock (_lock)
        {
            _sendWindow += delta;
            overflow = _sendWindow > uint.MaxValue;
        }
        _sendSignal.Set();
    }

    internal void OnRemoteFin()
    {
        lock (_lock)
        {
            if (_abort is not null || _remoteFin)
            {
                return;
            }
            _remoteFin = true;
            _inbound.Writer.Complete();
        }
        MaybeRemove();
    }

    internal void OnRemoteReset() => Abort(new StreamResetException("stream reset by remote"), sendRst: false);

    internal void OnSessionClosed(Exception reason) => Abort(reason, sendRst: false);

    void IConsumptionSink.OnConsumed(long bytes) => OnConsumed(bytes);

    void IConsumptionSink.OnReaderCompleted()
    {
        lock (_lock)
        {
            _inputAbandoned = true;
        }
    }

    private void OnConsumed(long bytes)
    {
        uint delta = 0;
        lock (_lock)
        {
            if (_abort is not null || _remoteFin)
            {
                return;
            }
            _consumedSinceUpdate += (uint)bytes;
            if (_consumedSinceUpdate >= _recvWindow / 2)
            {
                long now = Stopwatch.GetTimestamp();
                long rtt = _session.RttTicks;
                uint grown = _recvWindow;
                // Auto-tuning as in go-yamux/rust-yamux: a window drained within a few RTTs is what limits throughput.
                if (rtt > 0 && now - _epochStart < 4 * rtt && _recvWindow < _maxWindow)
                {
                    grown = (uint)Math.Min(2L * _recvWindow, _maxWindow);
                }
                delta = _consumedSinceUpdate + (grown - _recvWindow);
                _recvWindow = grown;
                _recvCredit += delta;
                _consumedSinceUpdate = 0;
                _epochStart = now;
            }
        }
        if (delta > 0)
        {
            _session.EnqueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.None, StreamId, delta), fromRemote: false);
        }
    }

    private void Abort(Exception reason, bool sendRst)
    {
        lock (_lock)
        {
            if (_abort is not null || (_localFinSent && _remoteFin))
            {
                return;
            }
            _abort = reason;
            _inbound.Writer.Complete(reason);
        }
        if (sendRst)
        {
            _session.EnqueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, StreamId, 0), fromRemote: false);
        }
        _outbound.Reader.CancelPendingRead();
        _sendSignal.Set();
        MaybeRemove();
    }

    private void MaybeRemove()
    {
        lock (_lock)
        {
            if (_removed || !(_abort is not null || (_localFinSent && _remoteFin)))
            {
                return;
            }
            _removed = true;
        }
        _session.RemoveStream(this);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReserveSendAsync(long wanted)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_abort is not null)
                {
                    return 0;
                }
                if (_sendWindow > 0)
                {
                    int granted = (int)Math.Min(Math.Min(_sendWindow, wanted), 16L * _maxFrame);
                    _sendWindow -= granted;
                    return granted;
                }
                wait = _sendSignal.Task;
            }
            await wait.ConfigureAwait(false);
        }
    }

    private async Task SendPumpAsync()
    {
        PipeReader reader = _outbound.Reader;
        Exception? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                long sent = 0;
                try
                {
                    if (!buffer.IsEmpty)
                    {
                        int granted = await ReserveSendAsync(buffer.Length).ConfigureAwait(false);
                        if (granted > 0)
                        {
                            await _session.WriteDataAsync(StreamId, buffer.Slice(0, granted), _maxFrame).ConfigureAwait(false);
                            sent = granted;
                        }
                    }
                }
                finally
                {
                    // Release what was sent at once, so the application's writer sees backpressure per window, not per read.
                    reader.AdvanceTo(buffer.GetPosition(sent));
                }
                lock (_lock)
                {
                    failure = _abort;
                }
                if (failure is not null)
                {
                    return;
                }
                if (result.IsCompleted && sent == buffer.Length)
                {
                    _session.EnqueueControl(new YamuxHeader(YamuxFrameType.Data, YamuxFlags.Fin, StreamId, 0), fromRemote: false);
                    lock (_lock)
                    {
                        _localFinSent = true;
                    }
                    MaybeRemove();
                    return;
                }
            }
        }
        catch (Exception e)
        {
            // The application completed the output with an error, or the session went away: the stream cannot finish cleanly.
            failure = e is Libp2pException ? e : new StreamResetException($"stream aborted: {e.Message}");
            Abort(failure, sendRst: e is not MuxerClosedException);
        }
        finally
        {
            reader.Complete(failure);
            _session.OnSendPumpExited(this);
        }
    }
}
