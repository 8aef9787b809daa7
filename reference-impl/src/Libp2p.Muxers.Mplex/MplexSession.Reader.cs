using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;

namespace Libp2p.Muxers.Mplex;

/// <summary>The read pump and the message state machine of an mplex session.</summary>
public sealed partial class MplexSession
{
    private MplexStream? _bodyTarget;
    private int _bodyRemaining;
    private bool _inBody;
    private MplexStream? _blockedOn;

    private async Task ReadPumpAsync()
    {
        await Task.Yield();
        PipeReader reader = _transport.Input;
        Exception? error = null;
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
                    // When held by a slow reader, unprocessed bytes remain: mark them unexamined so the next read returns at once.
                    reader.AdvanceTo(buffer.Start, _blockedOn is null ? buffer.End : buffer.Start);
                }
                if (_blockedOn is MplexStream slow)
                {
                    await slow.WaitForDrainAsync(_options.SlowReaderTimeout, _shutdown.Token).ConfigureAwait(false);
                    _blockedOn = null;
                    continue;
                }
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (_inBody || !buffer.IsEmpty)
                    {
                        error = new ProtocolViolationException("mplex: connection ended inside a message");
                    }
                    break;
                }
            }
        }
        catch (ProtocolViolationException e)
        {
            error = e;
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // Local shutdown.
        }
        catch (Exception e)
        {
            error = new MuxerClosedException("mplex: transport read failed", e);
        }
        await ShutdownAsync(error).ConfigureAwait(false);
        reader.Complete();
    }

    private void Process(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_inBody)
            {
                if (_bodyRemaining > 0)
                {
                    if (buffer.IsEmpty)
                    {
                        return;
                    }
                    int n = (int)Math.Min(buffer.Length, _bodyRemaining);
                    bool full = _bodyTarget?.Deliver(buffer.Slice(0, n)) ?? false;
                    buffer = buffer.Slice(n);
                    _bodyRemaining -= n;
                    if (full)
                    {
                        _blockedOn = _bodyTarget;
                        return;
                    }
                    if (_bodyRemaining > 0)
                    {
                        return;
                    }
                }
                _inBody = false;
                _bodyTarget = null;
            }
            MplexReadStatus status = MplexFrameHeader.TryRead(buffer, _options.MaxMessageSize, out MplexFrameHeader header, out int consumed);
            switch (status)
            {
                case MplexReadStatus.NeedMoreData:
                    return;
                case MplexReadStatus.Ok:
                    break;
                default:
                    throw new ProtocolViolationException($"mplex: malformed message header ({status})");
            }
            buffer = buffer.Slice(consumed);
            Handle(header);
        }
    }

    private void Handle(in MplexFrameHeader header)
    {
        MplexStream? target = null;
        switch (header.Flag)
        {
            case MplexFlag.NewStream:
                target = null;
                AcceptNewStream(header.StreamId);
                break;
            case MplexFlag.MessageInitiator:
            case MplexFlag.MessageReceiver:
                target = Find(header);
                break;
            case MplexFlag.CloseInitiator:
            case MplexFlag.CloseReceiver:
                Find(header)?.OnRemoteClose();
                break;
            case MplexFlag.ResetInitiator:
            case MplexFlag.ResetReceiver:
                Find(header)?.OnRemoteReset();
                break;
        }
        // The body of NewStream is the stream name: not interpreted (spec), so it is skipped like data for unknown streams.
        _inBody = header.Length > 0;
        _bodyRemaining = header.Length;
        _bodyTarget = target;
    }

    /// <summary>Initiator-variant flags (even) are sent by the opener, i.e. name a stream the remote opened.</summary>
    private MplexStream? Find(in MplexFrameHeader header)
    {
        bool openedByRemote = ((byte)header.Flag & 1) == 0;
        lock (_gate)
        {
            return _streams.GetValueOrDefault(new MplexStreamKey(header.StreamId, !openedByRemote));
        }
    }

    private void AcceptNewStream(ulong id)
    {
        MplexStream stream;
        lock (_gate)
        {
            MplexStreamKey key = new(id, false);
            if (_streams.ContainsKey(key))
            {
                throw new ProtocolViolationException($"mplex: NewStream for open stream {id}");
            }
            if (_closed || _pendingAccept >= _options.AcceptBacklog || _inboundOpen >= _options.MaxInboundStreams)
            {
                EnqueueControl(new MplexControl(id, MplexFlag.ResetReceiver, null), fromRemote: true);
                return;
            }
            stream = new MplexStream(this, id, isInitiator: false, _options);
            _streams.Add(key, stream);
            _pumping.Add(stream);
            _pendingAccept++;
            _inboundOpen++;
            stream.Start();
        }
        _accepted.Writer.TryWrite(stream);
    }

    private Task ShutdownAsync(Exception? error)
    {
        lock (_gate)
        {
            if (_shutdownTask is not null)
            {
                return _shutdownTask;
            }
            _closed = true;
            TerminationReason = error;
            _shutdownTask = ShutdownCoreAsync(error);
            return _shutdownTask;
        }
    }

    private async Task ShutdownCoreAsync(Exception? error)
    {
        await Task.Yield();
        MplexStream[] streams;
        MplexStream[] pumping;
        lock (_gate)
        {
            streams = [.. _streams.Values];
            pumping = [.. _pumping];
        }
        _accepted.Writer.TryComplete();
        MuxerClosedException reason = new(error is null ? "mplex: session closed" : $"mplex: session ended: {error.Message}", error);
        foreach (MplexStream stream in streams)
        {
            stream.OnSessionClosed(reason);
        }
        _shutdown.Cancel();
        await _controlPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (MplexStream stream in pumping)
        {
            // Send pumps catch their own failures; this only waits for them to stop.
            await stream.SendPump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _transport.Output.Complete();
    }
}
