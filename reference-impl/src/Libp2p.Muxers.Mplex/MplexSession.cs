using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Muxers.Internal;
using System.Runtime.CompilerServices;

namespace Libp2p.Muxers.Mplex;

/// <summary>
/// An mplex session over one duplex pipe (libp2p/specs mplex/README.md). One read pump drives the state machine;
/// messages are serialised under a write lock, control messages through a queue drained before data so the read
/// pump never waits on the transport. A protocol violation closes the connection (mplex has no GoAway).
/// </summary>
public sealed partial class MplexSession : IMuxedConnection
{
    private readonly IDuplexPipe _transport;
    private readonly MplexOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<MplexStreamKey, MplexStream> _streams = [];
    private readonly HashSet<MplexStream> _pumping = [];
    private readonly Channel<MplexStream> _accepted = Channel.CreateUnbounded<MplexStream>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentQueue<MplexControl> _control = new();
    private readonly AsyncSignal _controlSignal = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _readPump;
    private readonly Task _controlPump;
    private Task? _shutdownTask;
    private int _controlCount;
    private ulong _nextStreamId;
    private int _pendingAccept;
    private int _inboundOpen;
    private bool _closed;

    /// <summary>Starts a session. Both sides number their streams from 0, as go-mplex and js-mplex do.</summary>
    public MplexSession(IDuplexPipe transport, MplexOptions? options = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _options = options ?? MplexOptions.Default;
        _controlPump = ControlPumpAsync();
        _readPump = ReadPumpAsync();
    }

    /// <inheritdoc />
    public Task Completion => _readPump;

    /// <summary>Why the session ended (null while running or after a clean end).</summary>
    public Exception? TerminationReason { get; private set; }

    /// <summary>Opens a stream by sending NewStream with the stream ID as its name.</summary>
    public ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_closed)
            {
                throw new MuxerClosedException("mplex: session closed", TerminationReason);
            }
            if (_nextStreamId > MplexFrameHeader.MaxStreamId)
            {
                throw new MuxerClosedException("mplex: stream IDs exhausted");
            }
            ulong id = _nextStreamId++;
            MplexStream stream = new(this, id, isInitiator: true, _options);
            _streams.Add(stream.Key, stream);
            _pumping.Add(stream);
            byte[] name = Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture));
            EnqueueControl(new MplexControl(id, MplexFlag.NewStream, name), fromRemote: false);
            stream.Start();
            return new ValueTask<IMuxedStream>(stream);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        MplexStream stream;
        try
        {
            stream = await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new MuxerClosedException("mplex: session closed", TerminationReason ?? e);
        }
        lock (_gate)
        {
            _pendingAccept--;
        }
        return stream;
    }

    /// <summary>Ends every stream and closes the connection; completes once the pumps have stopped.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        await ShutdownAsync(null).WaitAsync(cancellationToken).ConfigureAwait(false);
        await _readPump.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(null).ConfigureAwait(false);
        await _readPump.ConfigureAwait(false);
    }

    internal void EnqueueControl(MplexControl message, bool fromRemote)
    {
        if (Interlocked.Increment(ref _controlCount) > _options.MaxControlBacklog && fromRemote)
        {
            Interlocked.Decrement(ref _controlCount);
            _ = ShutdownAsync(new ProtocolViolationException("mplex: remote floods streams without reading"));
            return;
        }
        _control.Enqueue(message);
        _controlSignal.Set();
    }

    /// <summary>Writes <paramref name="data"/> as messages of at most <paramref name="maxMessage"/> bytes, after queued control messages.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask WriteDataAsync(ulong streamId, MplexFlag flag, ReadOnlySequence<byte> data, int maxMessage)
    {
        try
        {
            await _writeLock.WaitAsync(_shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new MuxerClosedException("mplex: session closed", e);
        }
        try
        {
            PipeWriter writer = _transport.Output;
            DrainControl(writer);
            while (!data.IsEmpty)
            {
                int n = (int)Math.Min(data.Length, maxMessage);
                new MplexFrameHeader(streamId, flag, n).Write(writer);
                foreach (ReadOnlyMemory<byte> segment in data.Slice(0, n))
                {
                    writer.Write(segment.Span);
                }
                data = data.Slice(n);
            }
            FlushResult flush = await writer.FlushAsync(_shutdown.Token).ConfigureAwait(false);
            if (flush.IsCompleted)
            {
                throw new MuxerClosedException("mplex: the connection is closed");
            }
        }
        catch (OperationCanceledException e)
        {
            throw new MuxerClosedException("mplex: session closed", e);
        }
        catch (Exception e) when (e is not Libp2pException)
        {
            _ = ShutdownAsync(new MuxerClosedException("mplex: transport write failed", e));
            throw new MuxerClosedException("mplex: transport write failed", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal void RemoveStream(MplexStream stream)
    {
        lock (_gate)
        {
            if (_streams.Remove(stream.Key) && !stream.IsInitiator)
            {
                _inboundOpen--;
            }
        }
    }

    internal void OnSendPumpExited(MplexStream stream)
    {
        lock (_gate)
        {
            _pumping.Remove(stream);
        }
    }

    private void DrainControl(PipeWriter writer)
    {
        while (_control.TryDequeue(out MplexControl message))
        {
            Interlocked.Decrement(ref _controlCount);
            byte[]? body = message.Body;
            new MplexFrameHeader(message.StreamId, message.Flag, body?.Length ?? 0).Write(writer);
            if (body is not null)
            {
                writer.Write(body);
            }
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
            _ = ShutdownAsync(new MuxerClosedException("mplex: transport write failed", e));
        }
    }
}
