using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>
/// Unidirectional streams (RFC 9000 §2.1, §3.1, §3.2). libp2p itself uses only bidirectional streams, so these are
/// not part of the muxed-connection surface; the transport still accepts, reads, opens and limits them correctly.
/// </summary>
public sealed partial class QuicConnection
{
    private readonly Channel<QuicStream> _acceptUni = Channel.CreateUnbounded<QuicStream>();
    private long _nextLocalUni;
    private long _peerMaxUni;
    private long _remoteUniSeen;
    private long _remoteUniClosed;
    private long _advertisedMaxUni;
    private bool _maxStreamsUniPending;

    private static bool IsUnidirectional(long id) => (id & 2) != 0;

    /// <summary>True for a stream we can only send on: one we opened as unidirectional.</summary>
    private bool IsSendOnly(long id) => IsUnidirectional(id) && IsLocal(id);

    /// <summary>True for a stream we can only receive on: one the peer opened as unidirectional.</summary>
    private bool IsReceiveOnly(long id) => IsUnidirectional(id) && !IsLocal(id);

    /// <summary>
    /// Opens a unidirectional stream (RFC 9000 §2.1), waiting for the peer's initial_max_streams_uni or MAX_STREAMS
    /// credit. Its <see cref="QuicStream.Input"/> ends at once; completing <see cref="QuicStream.Output"/> sends FIN.
    /// </summary>
    public async ValueTask<QuicStream> OpenUnidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        await _handshake.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                ThrowIfClosed();
                if (_nextLocalUni < _peerMaxUni)
                {
                    long id = (_nextLocalUni++ << 2) | 2L | (_isClient ? 0L : 1L);
                    TransportParameters peer = _tls.PeerTransportParameters!;
                    var stream = new QuicStream(this, id, true, peer.InitialMaxStreamDataUni, _options.StreamReceiveWindow, _options.StreamSendBuffer);
                    stream.ReceiveClosed = true;
                    stream.CompleteInbound(null);
                    _streams[id] = stream;
                    stream.Start();
                    return stream;
                }
                wait = _streamCredit.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Accepts the next unidirectional stream the peer opened (RFC 9000 §2.1): read-only; writing to its
    /// <see cref="QuicStream.Output"/> fails, and resetting it sends STOP_SENDING.
    /// </summary>
    public async ValueTask<QuicStream> AcceptUnidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _acceptUni.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new MuxerClosedException("QUIC connection closed", ex.InnerException ?? CloseError);
        }
    }

    /// <summary>
    /// The unidirectional stream a frame refers to, creating peer-initiated ones up to the limit we advertised
    /// (RFC 9000 §4.6); null for a stream already finished and forgotten.
    /// </summary>
    private QuicStream? UnidirectionalStreamFor(long id)
    {
        long index = id >> 2;
        if (IsLocal(id))
        {
            if (index >= _nextLocalUni)
            {
                throw new QuicException(QuicTransportError.StreamStateError, $"frame for our unidirectional stream {id} which we never opened");
            }
            return null;
        }
        if (index >= _advertisedMaxUni)
        {
            throw new QuicException(QuicTransportError.StreamLimitError, $"unidirectional stream {id} exceeds the limit of {_advertisedMaxUni}");
        }
        if (index < _remoteUniSeen)
        {
            return null;
        }
        QuicStream? created = null;
        while (_remoteUniSeen <= index)
        {
            long newId = (_remoteUniSeen++ << 2) | 2L | (_isClient ? 1L : 0L);
            created = new QuicStream(this, newId, false, 0, _options.StreamReceiveWindow, _options.StreamSendBuffer);
            created.SendClosed = true;
            _streams[newId] = created;
            created.Start();
            created.AbortOutbound();
            _acceptUni.Writer.TryWrite(created);
        }
        return created;
    }

    /// <summary>A finished peer unidirectional stream returns its credit (MAX_STREAMS, RFC 9000 §4.6).</summary>
    private void OnRemoteUnidirectionalForgotten()
    {
        _remoteUniClosed++;
        _advertisedMaxUni = _remoteUniClosed + _options.MaxIncomingUnidirectionalStreams;
        _maxStreamsUniPending = true;
    }

    /// <summary>Frames that only make sense on one direction (RFC 9000 §19.4, §19.5, §19.8, §19.10): STREAM_STATE_ERROR otherwise.</summary>
    private void CheckDirection(long id, FrameType type)
    {
        bool wrong = type switch
        {
            FrameType.Stream or FrameType.ResetStream => IsSendOnly(id),
            FrameType.StopSending or FrameType.MaxStreamData => IsReceiveOnly(id),
            _ => false,
        };
        if (wrong)
        {
            throw new QuicException(QuicTransportError.StreamStateError, $"{type} frame for stream {id}, which does not carry data in that direction");
        }
    }
}
