using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Internal;
using System.Runtime.CompilerServices;

namespace Libp2p.Muxers.Yamux;

/// <summary>
/// A yamux session over one duplex pipe (libp2p/specs yamux/README.md). One read pump drives the state machine;
/// frames are serialised to the transport under a write lock, control frames (ACK, RST, FIN, window updates,
/// ping answers) through a queue drained before data so the read pump never waits on the transport.
/// </summary>
public sealed partial class YamuxSession : IMuxedConnection
{
    private static readonly TimeSpan GoAwayWriteTimeout = TimeSpan.FromSeconds(2);

    private readonly IDuplexPipe _transport;
    private readonly YamuxOptions _options;
    private readonly bool _isClient;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, YamuxStream> _streams = [];
    private readonly HashSet<YamuxStream> _pumping = [];
    private readonly HashSet<uint> _unacked = [];
    private readonly Channel<YamuxStream> _accepted = Channel.CreateUnbounded<YamuxStream>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<YamuxHeader> _control = new();
    private readonly AsyncSignal _controlSignal = new();
    private readonly AsyncSignal _ackSignal = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _readPump;
    private readonly Task _controlPump;
    private Task? _shutdownTask;
    private int _controlCount;
    private uint _nextStreamId;
    private int _pendingAccept;
    private int _inboundOpen;
    private bool _closed;
    private bool _remoteGoAway;
    private uint _pingOpaque;
    private long _pingSentAt;
    private long _rttTicks;

    /// <summary>Starts a session; <paramref name="isClient"/> is the connection's initiator (odd stream IDs).</summary>
    public YamuxSession(IDuplexPipe transport, bool isClient, YamuxOptions? options = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _options = options ?? YamuxOptions.Default;
        _isClient = isClient;
        _nextStreamId = isClient ? 1u : 2u;
        if (_options.MeasureRtt)
        {
            _pingOpaque = (uint)Environment.TickCount | 1;
            _pingSentAt = Stopwatch.GetTimestamp();
            EnqueueControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, _pingOpaque), fromRemote: false);
        }
        _controlPump = ControlPumpAsync();
        _readPump = ReadPumpAsync();
    }

    /// <inheritdoc />
    public Task Completion => _readPump;

    /// <summary>Whether we are the client (initiator) of the underlying connection.</summary>
    public bool IsClient => _isClient;

    /// <summary>The GoAway code received from the remote, if any.</summary>
    public YamuxGoAwayCode? RemoteGoAwayCode { get; private set; }

    /// <summary>Why the session ended (null while running or after a clean end).</summary>
    public Exception? TerminationReason { get; private set; }

    /// <summary>Round-trip time measured by the start-up ping, in <see cref="Stopwatch"/> ticks (0 until known).</summary>
    internal long RttTicks => Volatile.Read(ref _rttTicks);

    /// <summary>
    /// Opens a stream: sends SYN with the next own stream ID. Waits while <see cref="YamuxOptions.AckBacklog"/>
    /// outbound streams are unacknowledged (spec, "ACK backlog"); fails once the session ended or the remote sent GoAway.
    /// </summary>
    public async ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_closed || _remoteGoAway)
                {
                    throw new MuxerClosedException(_remoteGoAway ? "yamux: the remote sent GoAway" : "yamux: session closed", TerminationReason);
                }
                if (_unacked.Count < _options.AckBacklog)
                {
                    if (_nextStreamId > uint.MaxValue - 2)
                    {
                        throw new MuxerClosedException("yamux: stream IDs exhausted");
                    }
                    uint id = _nextStreamId;
                    _nextStreamId += 2;
                    YamuxStream stream = new(this, id, isInitiator: true, _options);
                    _streams.Add(id, stream);
                    _unacked.Add(id);
                    _pumping.Add(stream);
                    EnqueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, id, 0), fromRemote: false);
                    stream.Start();
                    return stream;
                }
                wait = _ackSignal.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the next inbound stream and acknowledges it (ACK is sent on accept, so unaccepted streams count against the remote's backlog).</summary>
    public async ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        YamuxStream stream;
        try
        {
            stream = await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new MuxerClosedException("yamux: session closed", TerminationReason ?? e);
        }
        lock (_gate)
        {
            _pendingAccept--;
        }
        EnqueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, stream.StreamId, 0), fromRemote: false);
        return stream;
    }

    /// <summary>Sends GoAway (normal), ends every stream and closes the connection; completes once the pumps have stopped.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await ShutdownAsync(null, YamuxGoAwayCode.Normal).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _readPump.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(null, YamuxGoAwayCode.Normal).ConfigureAwait(false);
        await _readPump.ConfigureAwait(false);
    }

    /// <summary>Queues a header-only frame; a remote that makes us queue more than the limit without reading fails the session.</summary>
    internal void EnqueueControl(YamuxHeader header, bool fromRemote)
    {
        if (Interlocked.Increment(ref _controlCount) > _options.MaxControlBacklog && fromRemote)
        {
            Interlocked.Decrement(ref _controlCount);
            _ = ShutdownAsync(new ProtocolViolationException("yamux: remote floods control frames without reading"), YamuxGoAwayCode.ProtocolError);
            return;
        }
        _control.Enqueue(header);
        _controlSignal.Set();
    }

    /// <summary>Writes data frames of at most <paramref name="maxFrame"/> bytes, after any queued control frame.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask WriteDataAsync(uint streamId, ReadOnlySequence<byte> data, int maxFrame)
    {
        try
        {
            await _writeLock.WaitAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new MuxerClosedException("yamux: session closed", e);
        }
        try
        {
            PipeWriter writer = _transport.Output;
            DrainControl(writer);
            while (!data.IsEmpty)
            {
                int n = (int)Math.Min(data.Length, maxFrame);
                new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, streamId, (uint)n).Write(writer);
                foreach (ReadOnlyMemory<byte> segment in data.Slice(0, n))
                {
                    writer.Write(segment.Span);
                }
                data = data.Slice(n);
            }
            FlushResult flush = await writer.FlushAsync(_shutdown.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new MuxerClosedException("yamux: the connection is closed");
            }
        }
        catch (OperationCanceledException e)
        {
            throw new MuxerClosedException("yamux: session closed", e);
        }
        catch (Exception e) when (e is not Libp2pException)
        {
            _ = ShutdownAsync(new MuxerClosedException("yamux: transport write failed", e), null);
            throw new MuxerClosedException("yamux: transport write failed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal void RemoveStream(YamuxStream stream)
    {
        bool wasUnacked;
        lock (_gate)
        {
            if (!_streams.Remove(stream.StreamId))
            {
                return;
            }
            wasUnacked = _unacked.Remove(stream.StreamId);
            if (!stream.IsInitiator)
            {
                _inboundOpen--;
            }
        }
        if (wasUnacked)
        {
            _ackSignal.Set();
        }
    }

    internal void OnSendPumpExited(YamuxStream stream)
    {
        lock (_gate)
        {
            _pumping.Remove(stream);
        }
    }

    private void DrainControl(PipeWriter writer)
    {
        while (_control.TryDequeue(out YamuxHeader header))
        {
            Interlocked.Decrement(ref _controlCount);
            header.Write(writer);
        }
    }

    private async Task ControlPumpAsync()
    {
        CancellationToken token = _shutdown.Token;
        try
        {
            while (true)
            {
                Task signal = _controlSignal.Task;
                if (_control.IsEmpty)
                {
                    await signal.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }
                await _writeLock.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    DrainControl(_transport.Output);
                    FlushResult flush = await _transport.Output.FlushAsync(token).ConfigureAwait(false);
                    if (flush.IsCompleted)
                    {
                        return;
                    }
                }
                finally
                {
                    _writeLock.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
        catch (Exception e)
        {
            _ = ShutdownAsync(new MuxerClosedException("yamux: transport write failed", e), null);
        }
    }
}
