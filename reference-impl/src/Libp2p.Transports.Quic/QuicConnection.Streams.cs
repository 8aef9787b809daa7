using System.Buffers;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Stream state and flow control (RFC 9000 §2-§4, §19.8-§19.14).</summary>
public sealed partial class QuicConnection
{
    private readonly List<QuicStream> _toFlush = [];

    private bool IsLocal(long id) => (id & 1) == (_isClient ? 0 : 1);

    private void FlushDeliveries()
    {
        foreach (QuicStream stream in _toFlush)
        {
            if (stream.InboundFlushPending)
            {
                stream.FlushInbound();
            }
        }
        _toFlush.Clear();
    }

    /// <summary>
    /// The stream a frame refers to, creating a peer-initiated one on first use; null for a stream already closed
    /// and forgotten.
    /// </summary>
    private QuicStream? StreamFor(long id)
    {
        if (_streams.TryGetValue(id, out QuicStream? stream))
        {
            return stream;
        }
        if (IsUnidirectional(id))
        {
            return UnidirectionalStreamFor(id);
        }
        long index = id >> 2;
        if (IsLocal(id))
        {
            if (index >= _nextLocalBidi)
            {
                throw new QuicException(QuicTransportError.StreamStateError, $"frame for our stream {id} which we never opened");
            }
            return null;
        }
        if (index >= _advertisedMaxBidi)
        {
            throw new QuicException(QuicTransportError.StreamLimitError, $"stream {id} exceeds the limit of {_advertisedMaxBidi}");
        }
        if (index < _remoteBidiSeen)
        {
            return null;
        }
        QuicStream? created = null;
        TransportParameters peer = _tls.PeerTransportParameters!;
        while (_remoteBidiSeen <= index)
        {
            long newId = (_remoteBidiSeen++ << 2) | (_isClient ? 1L : 0L);
            created = new QuicStream(this, newId, false, peer.InitialMaxStreamDataBidiLocal, _options.StreamReceiveWindow, _options.StreamSendBuffer);
            _streams[newId] = created;
            created.Start();
            _accept.Writer.TryWrite(created);
        }
        return created;
    }

    private void OnStream(long id, long offset, ReadOnlySpan<byte> data, bool fin)
    {
        CheckDirection(id, FrameType.Stream);
        QuicStream? stream = StreamFor(id);
        if (stream is null || stream.ReceiveClosed)
        {
            return;
        }
        long end = offset + data.Length;
        if (stream.FinalSize is { } finalSize && (end > finalSize || (fin && end != finalSize)))
        {
            throw new QuicException(QuicTransportError.FinalSizeError, $"stream {id} data beyond its final size {finalSize}");
        }
        if (fin && end < stream.Receive.HighestEnd)
        {
            throw new QuicException(QuicTransportError.FinalSizeError, $"stream {id} FIN below data already received");
        }
        if (end > stream.ReceiveMax)
        {
            throw new QuicException(QuicTransportError.FlowControlError, $"stream {id} data to offset {end} exceeds the window {stream.ReceiveMax}");
        }
        long growth = Math.Max(0, end - stream.Receive.HighestEnd);
        if (_dataReceived + growth > _receiveMaxData)
        {
            throw new QuicException(QuicTransportError.FlowControlError, $"connection data {_dataReceived + growth} exceeds the window {_receiveMaxData}");
        }
        _dataReceived += growth;
        if (fin)
        {
            stream.FinalSize = end;
        }
        stream.Receive.Add(offset, data, stream.DeliverToApplication);
        if (stream.InboundFlushPending && !_toFlush.Contains(stream))
        {
            _toFlush.Add(stream);
        }
        if (stream.FinalSize is { } size && stream.Receive.Delivered == size)
        {
            stream.ReceiveClosed = true;
            stream.CompleteInbound(null);
            MaybeForget(stream);
        }
    }

    private void OnResetStream(long id, long error, long finalSize)
    {
        CheckDirection(id, FrameType.ResetStream);
        QuicStream? stream = StreamFor(id);
        if (stream is null)
        {
            return;
        }
        if ((stream.FinalSize is { } known && known != finalSize) || finalSize < stream.Receive.HighestEnd)
        {
            throw new QuicException(QuicTransportError.FinalSizeError, $"RESET_STREAM final size {finalSize} contradicts what stream {id} received");
        }
        if (finalSize > stream.ReceiveMax)
        {
            throw new QuicException(QuicTransportError.FlowControlError, $"RESET_STREAM final size {finalSize} exceeds the window");
        }
        _dataReceived += finalSize - stream.Receive.HighestEnd;
        if (!stream.ReceiveClosed)
        {
            stream.ReceiveClosed = true;
            stream.FinalSize = finalSize;
            stream.CompleteInbound(new StreamResetException($"stream reset by the peer (error {error})"));
        }
        MaybeForget(stream);
    }

    private void OnStopSending(long id, long error)
    {
        CheckDirection(id, FrameType.StopSending);
        QuicStream? stream = StreamFor(id);
        if (stream is null || stream.SendClosed)
        {
            return;
        }
        // RFC 9000 §3.5: answer STOP_SENDING with RESET_STREAM.
        stream.ResetPending = error;
        stream.SendClosed = true;
        stream.AbortOutbound();
    }

    /// <summary>Local reset: RESET_STREAM for our side, STOP_SENDING for theirs.</summary>
    internal void ResetStream(QuicStream stream, long error, Exception reason)
    {
        lock (_lock)
        {
            if (!stream.SendClosed && !stream.ResetSent)
            {
                stream.ResetPending = error;
                stream.SendClosed = true;
            }
            if (!stream.ReceiveClosed)
            {
                stream.StopSendingPending = error;
                stream.ReceiveClosed = true;
                stream.CompleteInbound(reason);
            }
            stream.AbortOutbound();
            if (!_closed)
            {
                Flush();
            }
        }
    }

    /// <summary>True when the peer finished its side cleanly (then disposal sends FIN rather than a reset).</summary>
    internal bool StreamReceiveFinished(QuicStream stream)
    {
        lock (_lock)
        {
            // A send-only stream has no receive side to wait for: disposal finishes it with FIN.
            return IsSendOnly(stream.Id) || (stream.FinalSize is not null && stream.Receive.Delivered == stream.FinalSize);
        }
    }

    /// <summary>
    /// Moves application bytes into the stream's send buffer, waiting while it is full. Returns bytes taken.
    /// </summary>
    internal async ValueTask<long> EnqueueSendAsync(QuicStream stream, ReadOnlySequence<byte> data, bool fin, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed || _closing)
                {
                    throw new MuxerClosedException("QUIC connection closed", _closeError);
                }
                if (stream.SendClosed)
                {
                    throw new StreamResetException("stream send side was reset");
                }
                long room = _options.StreamSendBuffer - stream.Send.Retained;
                if (room > 0 || data.IsEmpty)
                {
                    long take = Math.Min(room, data.Length);
                    foreach (ReadOnlyMemory<byte> segment in data.Slice(0, take))
                    {
                        stream.Send.Write(segment.Span);
                    }
                    if (fin && take == data.Length)
                    {
                        stream.Send.FinWritten = true;
                    }
                    Flush();
                    return take;
                }
                stream.SpaceAvailable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = stream.SpaceAvailable.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The application consumed <paramref name="count"/> bytes: grant credit (RFC 9000 §4.2), growing windows.</summary>
    internal void OnStreamConsumed(QuicStream stream, long count)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            long now = NowUs();
            bool creditDue = false;
            stream.Consumed += count;
            _dataConsumed += count;
            if (!stream.ReceiveClosed && stream.ReceiveMax - stream.Consumed < stream.ReceiveWindow / 2)
            {
                if (now - stream.LastWindowUpdateUs < 2 * _cc.SmoothedRttUs)
                {
                    stream.ReceiveWindow = Math.Min(stream.ReceiveWindow * 2, _options.MaxStreamReceiveWindow);
                }
                stream.LastWindowUpdateUs = now;
                stream.ReceiveMax = stream.Consumed + stream.ReceiveWindow;
                stream.MaxStreamDataPending = true;
                creditDue = true;
            }
            if (_receiveMaxData - _dataConsumed < _receiveWindow / 2)
            {
                if (now - _lastMaxDataUs < 2 * _cc.SmoothedRttUs)
                {
                    _receiveWindow = Math.Min(_receiveWindow * 2, _options.MaxConnectionReceiveWindow);
                }
                _lastMaxDataUs = now;
                _receiveMaxData = _dataConsumed + _receiveWindow;
                _maxDataPending = true;
                creditDue = true;
            }
            int streams = _streams.Count;
            MaybeForget(stream);
            // Most reads grant nothing yet: no lock-held flush (and no contention with the receive thread) for them.
            if (creditDue || _streams.Count != streams)
            {
                Flush();
            }
        }
    }

    /// <summary>Drops a stream whose both directions are finished; peer streams return their credit (MAX_STREAMS).</summary>
    private void MaybeForget(QuicStream stream)
    {
        bool sendDone = stream.ResetSent || (stream.SendClosed && stream.ResetPending is null) || stream.Send.FinAcked;
        if (!stream.ReceiveClosed || !sendDone || !_streams.Remove(stream.Id))
        {
            return;
        }
        if (IsReceiveOnly(stream.Id))
        {
            OnRemoteUnidirectionalForgotten();
        }
        else if (!IsLocal(stream.Id))
        {
            _remoteBidiClosed++;
            _advertisedMaxBidi = _remoteBidiClosed + _options.MaxIncomingStreams;
            _maxStreamsPending = true;
        }
    }
}
