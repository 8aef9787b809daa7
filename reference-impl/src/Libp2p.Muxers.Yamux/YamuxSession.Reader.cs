using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Muxers.Yamux;

/// <summary>The read pump and the frame state machine of a yamux session.</summary>
public sealed partial class YamuxSession
{
    private YamuxStream? _dataStream;
    private uint _dataRemaining;
    private YamuxFlags _dataFlags;
    private bool _inData;

    private async Task ReadPumpAsync()
    {
        await Task.Yield();
        PipeReader reader = _transport.Input;
        Exception? error = null;
        YamuxGoAwayCode? goAway = null;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    Process(ref buffer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (_inData || !buffer.IsEmpty)
                    {
                        error = new ProtocolViolationException("yamux: connection ended inside a frame");
                    }
                    break;
                }
            }
        }
        catch (ProtocolViolationException e)
        {
            error = e;
            goAway = YamuxGoAwayCode.ProtocolError;
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Local shutdown.
        }
        catch (Exception e)
        {
            error = new MuxerClosedException("yamux: transport read failed", e);
        }
        await ShutdownAsync(error, goAway).ConfigureAwait(false);
        reader.Complete();
    }

    private void Process(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_inData)
            {
                if (_dataRemaining > 0)
                {
                    if (buffer.IsEmpty)
                    {
                        return;
                    }
                    int n = (int)Math.Min(buffer.Length, _dataRemaining);
                    _dataStream?.Deliver(buffer.Slice(0, n));
                    buffer = buffer.Slice(n);
                    _dataRemaining -= (uint)n;
                    if (_dataRemaining > 0)
                    {
                        return;
                    }
                }
                _inData = false;
                ApplyCloseFlags(_dataStream, _dataFlags);
                _dataStream = null;
            }
            YamuxHeaderStatus status = YamuxHeader.TryRead(buffer, out YamuxHeader header);
            switch (status)
            {
                case YamuxHeaderStatus.NeedMoreData:
                    return;
                case YamuxHeaderStatus.UnsupportedVersion:
                    throw new ProtocolViolationException("yamux: unsupported version");
                case YamuxHeaderStatus.UnknownType:
                    throw new ProtocolViolationException("yamux: unknown frame type");
            }
            buffer = buffer.Slice(YamuxHeader.Size);
            Handle(header);
        }
    }

    private void Handle(in YamuxHeader header)
    {
        switch (header.Type)
        {
            case YamuxFrameType.Data:
                HandleData(header);
                break;
            case YamuxFrameType.WindowUpdate:
                YamuxStream? stream = ResolveStream(header);
                if (stream is not null)
                {
                    stream.AddSendWindow(header.Length, out bool overflow);
                    if (overflow)
                    {
                        throw new ProtocolViolationException("yamux: send window overflow");
                    }
                }
                ApplyCloseFlags(stream, header.Flags);
                break;
            case YamuxFrameType.Ping:
                HandlePing(header);
                break;
            case YamuxFrameType.GoAway:
                lock (_gate)
                {
                    _remoteGoAway = true;
                }
                RemoteGoAwayCode = (YamuxGoAwayCode)header.Length;
                _ackSignal.Set();
                break;
        }
    }

    private void HandleData(in YamuxHeader header)
    {
        YamuxStream? stream = ResolveStream(header);
        if (stream is not null && header.Length > 0 && stream.RemoteFinReceived)
        {
            throw new ProtocolViolationException($"yamux: data on stream {header.StreamId} after its FIN");
        }
        if (stream is not null && !stream.TryReserveReceive(header.Length))
        {
            throw new ProtocolViolationException($"yamux: stream {header.StreamId} sent {header.Length} bytes beyond its receive window");
        }
        if (stream is null && header.Length > _options.MaxWindowSize)
        {
            throw new ProtocolViolationException($"yamux: data frame of {header.Length} bytes exceeds any window");
        }
        _inData = true;
        _dataStream = stream;
        _dataRemaining = header.Length;
        _dataFlags = header.Flags;
    }

    private void HandlePing(in YamuxHeader header)
    {
        if (header.StreamId != 0)
        {
            throw new ProtocolViolationException("yamux: ping on a stream");
        }
        if ((header.Flags & YamuxFlags.Syn) != 0)
        {
            EnqueueControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, header.Length), fromRemote: true);
        }
        else if ((header.Flags & YamuxFlags.Ack) != 0 && header.Length == _pingOpaque && _pingSentAt != 0)
        {
            Volatile.Write(ref _rttTicks, Math.Max(1, Stopwatch.GetTimestamp() - _pingSentAt));
            _pingSentAt = 0;
        }
    }

    /// <summary>Finds the stream a Data or WindowUpdate frame is for, creating it on SYN; null means drop the frame.</summary>
    private YamuxStream? ResolveStream(in YamuxHeader header)
    {
        uint id = header.StreamId;
        if (id == 0)
        {
            throw new ProtocolViolationException("yamux: stream frame with stream ID 0");
        }
        if ((header.Flags & YamuxFlags.Syn) != 0)
        {
            return AcceptSyn(id);
        }
        YamuxStream? stream;
        bool acked = false;
        lock (_gate)
        {
            if (!_streams.TryGetValue(id, out stream))
            {
                // A frame for a stream already closed or reset here: drop it, the remote learns from our RST/FIN.
                return null;
            }
            if (stream.IsInitiator)
            {
                // Any answer acknowledges the stream, even from peers that omit ACK.
                acked = _unacked.Remove(id);
            }
        }
        if (acked)
        {
            _ackSignal.Set();
        }
        return stream;
    }

    private YamuxStream? AcceptSyn(uint id)
    {
        bool remoteIsClient = !_isClient;
        if ((id % 2 == 1) != remoteIsClient)
        {
            throw new ProtocolViolationException($"yamux: SYN with stream ID {id} of the wrong parity");
        }
        YamuxStream stream;
        lock (_gate)
        {
            if (_streams.ContainsKey(id))
            {
                throw new ProtocolViolationException($"yamux: duplicate SYN for stream {id}");
            }
            if (_closed || _remoteGoAway || _pendingAccept >= _options.AckBacklog || _inboundOpen >= _options.MaxInboundStreams)
            {
                EnqueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, id, 0), fromRemote: true);
                return null;
            }
            stream = new YamuxStream(this, id, isInitiator: false, _options);
            _streams.Add(id, stream);
            _pumping.Add(stream);
            _pendingAccept++;
            _inboundOpen++;
            stream.Start();
        }
        _accepted.Writer.TryWrite(stream);
        return stream;
    }

    private static void ApplyCloseFlags(YamuxStream? stream, YamuxFlags flags)
    {
        if (stream is null)
        {
            return;
        }
        if ((flags & YamuxFlags.Rst) != 0)
        {
            stream.OnRemoteReset();
        }
        else if ((flags & YamuxFlags.Fin) != 0)
        {
            stream.OnRemoteFin();
        }
    }

    private Task ShutdownAsync(Exception? error, YamuxGoAwayCode? goAway)
    {
        lock (_gate)
        {
            if (_shutdownTask is not null)
            {
                return _shutdownTask;
            }
            _closed = true;
            TerminationReason = error;
            _shutdownTask = ShutdownCoreAsync(error, goAway);
            return _shutdownTask;
        }
    }

    private async Task ShutdownCoreAsync(Exception? error, YamuxGoAwayCode? goAway)
    {
        await Task.Yield();
        YamuxStream[] streams;
        YamuxStream[] pumping;
        lock (_gate)
        {
            streams = [.. _streams.Values];
            pumping = [.. _pumping];
        }
        _accepted.Writer.TryComplete();
        MuxerClosedException reason = new(error is null ? "yamux: session closed" : $"yamux: session ended: {error.Message}", error);
        foreach (YamuxStream stream in streams)
        {
            stream.OnSessionClosed(reason);
        }
        _ackSignal.Set();
        if (goAway is YamuxGoAwayCode code)
        {
            await TrySendGoAwayAsync(code).ConfigureAwait(false);
        }
        _shutdown.Cancel();
        await _controlPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (YamuxStream stream in pumping)
        {
            // Send pumps catch their own failures; this only waits for them to stop.
            await stream.SendPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _transport.Output.Complete();
    }

    private async ValueTask TrySendGoAwayAsync(YamuxGoAwayCode code)
    {
        using CancellationTokenSource timeout = new(GoAwayWriteTimeout);
        bool locked = false;
        try
        {
            await _writeLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            locked = true;
            DrainControl(_transport.Output);
            new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)code).Write(_transport.Output);
            await _transport.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the transport is already gone or the remote does not read.
        }
        finally
        {
            if (locked)
            {
                _writeLock.Release();
            }
        }
    }
}
