using Libp2p.Core.Abstractions;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Packet assembly, coalescing, padding and closing (RFC 9000 §12.2, §14.1, §10.2).</summary>
public sealed partial class QuicConnection
{
    private readonly byte[][] _drafts = [new byte[1500], new byte[1500], new byte[1500]];
    private readonly List<SentFrame>[] _draftFrames = [[], [], []];
    private readonly List<QuicStream> _streamOrder = [];

    /// <summary>Sends everything that is allowed now (lock held).</summary>
    private void Flush()
    {
        if (_closed)
        {
            return;
        }
        int segment = _endpoint.SegmentSize;
        if (segment > 0 && segment == _maxDatagram && _handshakeConfirmed)
        {
            FlushSegmented(segment);
        }
        else
        {
            for (int guard = 0; guard < MaxDatagramsPerFlush; guard++)
            {
                int length = BuildDatagram(_datagram);
                if (length == 0)
                {
                    break;
                }
                _endpoint.Send(_datagram.AsSpan(0, length), _remote);
                _packetsSent++;
                _bytesSent += length;
            }
        }
        if (_closing && !_closed)
        {
            FinishClose();
            return;
        }
        // The timer task sleeps until the deadline it computed last; an earlier one (pacing, ACK delay, PTO for
        // newly sent data) must wake it.
        // Timers tick in milliseconds: an earlier deadline within the same tick would only cost a wake-up.
        if (NextDeadlineUs() + 1000 <= _timerDeadlineUs)
        {
            Wake();
        }
    }

    private int DatagramLimit()
    {
        int limit = _handshakeConfirmed ? _maxDatagram : MinInitialDatagram;
        if (!_addressValidated)
        {
            // Anti-amplification: at most three times what we received (RFC 9000 §8.1).
            limit = (int)Math.Min(limit, 3 * _bytesReceived - _bytesSent);
        }
        return limit;
    }

    private int BuildDatagram(Span<byte> datagram)
    {
        int limit = DatagramLimit();
        if (limit < 64)
        {
            return 0;
        }
        long now = NowUs();
        int used = 0;
        Span<int> sizes = stackalloc int[3];
        Span<bool> eliciting = stackalloc bool[3];
        Span<(int PnOffset, int LengthOffset, long Pn, int HeaderLength)> info = stackalloc (int, int, long, int)[3];
        bool initialEliciting = false;
        bool draftedInPlace = false;
        for (int level = 0; level < 3; level++)
        {
            PacketSpace space = _spaces[level];
            if (space.SendKeys is null || space.Discarded)
            {
                continue;
            }
            int room = limit - used - PacketProtection.TagLength;
            if (room < 48)
            {
                break;
            }
            // A 1-RTT packet alone in its datagram (the steady state) is drafted where it is sent from: no copy.
            // (DraftPacket leaves room for the tag within whichever buffer it gets.)
            draftedInPlace = level == (int)EncryptionLevel.OneRtt && used == 0;
            Span<byte> draft = draftedInPlace ? datagram : _drafts[level];
            int n = DraftPacket(space, draft, room, now, out bool ackEliciting, out info[level]);
            if (n == 0)
            {
                continue;
            }
            sizes[level] = n;
            eliciting[level] = ackEliciting;
            used += n + PacketProtection.TagLength;
            initialEliciting |= level == 0 && ackEliciting;
        }
        if (used == 0)
        {
            return 0;
        }
        // Datagrams with an ack-eliciting Initial are padded to 1200 bytes (RFC 9000 §14.1); the padding goes
        // into the Initial packet itself, as PADDING frames.
        if (initialEliciting && used < MinInitialDatagram)
        {
            int pad = Math.Min(MinInitialDatagram, limit) - used;
            if (pad > 0)
            {
                _drafts[0].AsSpan(sizes[0], pad).Clear();
                sizes[0] += pad;
                used += pad;
            }
        }
        int pos = 0;
        for (int level = 0; level < 3; level++)
        {
            if (sizes[level] == 0)
            {
                continue;
            }
            PacketSpace space = _spaces[level];
            int total = sizes[level] + PacketProtection.TagLength;
            Span<byte> packet = datagram.Slice(pos, total);
            if (!(draftedInPlace && level == (int)EncryptionLevel.OneRtt))
            {
                _drafts[level].AsSpan(0, sizes[level]).CopyTo(packet);
            }
            (int pnOffset, int lengthOffset, long pn, _) = info[level];
            if (level == (int)EncryptionLevel.OneRtt)
            {
                PacketBuilder.SealShort(packet, pnOffset, pn, space.SendKeys!);
            }
            else
            {
                PacketBuilder.SealLong(packet, lengthOffset, pn, space.SendKeys!);
            }
            var frames = _draftFrames[level].Count == 0 ? [] : new List<SentFrame>(_draftFrames[level]);
            _draftFrames[level].Clear();
            if (eliciting[level])
            {
                space.Sent.Add(new SentPacket(pn, now, total, true, frames));
                space.LastAckElicitingSentUs = now;
                _cc.BytesInFlight += total;
                _cc.OnPacketPaced(total);
            }
            pos += total;
        }
        if (_isClient && !_spaces[1].Discarded && sizes[1] > 0 && !_spaces[0].Discarded)
        {
            // A client discards Initial keys when it first sends a Handshake packet (RFC 9001 §4.9.1).
            DiscardSpace(EncryptionLevel.Initial);
        }
        return pos;
    }

    /// <summary>Writes one unprotected packet (header and frames) into <paramref name="draft"/>; 0 when nothing to send.</summary>
    private int DraftPacket(PacketSpace space, Span<byte> draft, int room, long now, out bool ackEliciting, out (int PnOffset, int LengthOffset, long Pn, int HeaderLength) info)
    {
        ackEliciting = false;
        info = default;
        bool oneRtt = space.Level == EncryptionLevel.OneRtt;
        bool ackNow = space.AckNeeded || (space.UnackedAckEliciting > 0 && now >= space.AckDeadlineUs);
        bool probe = space.ProbesPending > 0;
        bool congestionOk = probe || _cc.CanSend(_maxDatagram);
        bool pacingOk = probe || !oneRtt || _cc.PacingDelayUs(now, _maxDatagram) == 0;
        bool mayElicit = congestionOk && pacingOk && !_closing;
        bool hasData = mayElicit && HasElicitingData(space);
        if (!ackNow && !hasData && !probe && !(_closing && !_closeSent))
        {
            return 0;
        }
        long pn = space.NextPacketNumber;
        var w = new SpanWriter(draft[..Math.Min(room, draft.Length - PacketProtection.TagLength)]);
        int lengthOffset = 0, pnOffset;
        if (oneRtt)
        {
            PacketBuilder.WriteShortHeader(ref w, _remoteCid, _keyPhase, pn);
            pnOffset = w.Position - PacketBuilder.PacketNumberLength;
        }
        else
        {
            PacketType type = space.Level == EncryptionLevel.Initial ? PacketType.Initial : PacketType.Handshake;
            lengthOffset = PacketBuilder.WriteLongHeader(ref w, type, _remoteCid, _localCid, type == PacketType.Initial ? _retryToken : [], pn);
            pnOffset = lengthOffset + 2;
        }
        int headerLength = w.Position;
        if (w.Remaining < 24)
        {
            return 0;
        }
        List<SentFrame> frames = _draftFrames[(int)space.Level];
        frames.Clear();
        if (_closing)
        {
            WriteClose(ref w, space.Level);
        }
        else
        {
            if ((ackNow || hasData || probe) && space.LargestReceived >= 0)
            {
                WriteAck(ref w, space, now);
            }
            if (mayElicit || probe)
            {
                WriteElicitingFrames(ref w, space, frames, ref ackEliciting);
                if (probe && !ackEliciting && w.Remaining > 0)
                {
                    FrameWriter.Ping(ref w);
                    ackEliciting = true;
                }
                if (probe && ackEliciting)
                {
                    space.ProbesPending--;
                }
            }
        }
        if (w.Position == headerLength)
        {
            return 0;
        }
        space.NextPacketNumber++;
        info = (pnOffset, lengthOffset, pn, headerLength);
        return w.Position;
    }

    private bool HasElicitingData(PacketSpace space)
    {
        if (space.CryptoSend.HasUnsent || space.CryptoSend.HasLost)
        {
            return true;
        }
        if (space.Level != EncryptionLevel.OneRtt || !_tls.IsComplete && _isClient)
        {
            return false;
        }
        if (_handshakeDonePending || _maxDataPending || _maxStreamsPending || _maxStreamsUniPending || _pathResponse is not null || HasConnectionIdFrames || HasInjectedFrames)
        {
            return true;
        }
        foreach (QuicStream s in _streams.Values)
        {
            if (s.MaxStreamDataPending || s.ResetPending is not null || s.StopSendingPending is not null)
            {
                return true;
            }
            if (s.SendClosed)
            {
                continue;
            }
            if (s.Send.HasLost || (s.Send.HasUnsent && (s.Send.NextOffset < Math.Min(s.SendMax, s.Send.NextOffset + (_sendMaxData - _dataSent)) || (s.Send.NextOffset == s.Send.WrittenEnd && s.Send.FinWritten))))
            {
                return true;
            }
        }
        return false;
    }

    private void WriteAck(ref SpanWriter w, PacketSpace space, long now)
    {
        int count = Math.Min(space.Received.Count, 32);
        Span<(long, long)> ranges = stackalloc (long, long)[count];
        for (int i = 0; i < count; i++)
        {
            (long s, long e) = space.Received[space.Received.Count - 1 - i];
            ranges[i] = (s, e - 1);
        }
        long delay = space.Level == EncryptionLevel.OneRtt ? Math.Max(0, now - space.LargestReceivedTimeUs) >> 3 : 0;
        if (FrameWriter.Ack(ref w, ranges, delay, Math.Min(w.Remaining, 400)))
        {
            space.AckNeeded = false;
            space.UnackedAckEliciting = 0;
            space.AckDeadlineUs = long.MaxValue;
        }
    }

    private void WriteElicitingFrames(ref SpanWriter w, PacketSpace space, List<SentFrame> frames, ref bool ackEliciting)
    {
        if (space.Level == EncryptionLevel.OneRtt && (_tls.IsComplete || !_isClient))
        {
            if (_handshakeDonePending && w.Remaining >= 1)
            {
                FrameWriter.HandshakeDone(ref w);
                frames.Add(new SentFrame(SentFrameKind.HandshakeDone, 0, 0, 0, false));
                _handshakeDonePending = false;
                ackEliciting = true;
            }
            if (_pathResponse is not null && w.Remaining >= 9)
            {
                FrameWriter.PathResponse(ref w, _pathResponse);
                _pathResponse = null;
                ackEliciting = true;
            }
            if (_maxDataPending && w.Remaining >= 9)
            {
                FrameWriter.Single(ref w, FrameType.MaxData, _receiveMaxData);
                frames.Add(new SentFrame(SentFrameKind.MaxData, 0, 0, 0, false));
                _maxDataPending = false;
                ackEliciting = true;
            }
            if (_maxStreamsPending && w.Remaining >= 9)
            {
                FrameWriter.Single(ref w, FrameType.MaxStreamsBidi, _advertisedMaxBidi);
                frames.Add(new SentFrame(SentFrameKind.MaxStreamsBidi, 0, 0, 0, false));
                _maxStreamsPending = false;
                ackEliciting = true;
            }
            WriteConnectionIdFrames(ref w, frames, ref ackEliciting);
            WriteInjectedFrames(ref w, ref ackEliciting);
            if (_maxStreamsUniPending && w.Remaining >= 9)
            {
                FrameWriter.Single(ref w, FrameType.MaxStreamsUni, _advertisedMaxUni);
                frames.Add(new SentFrame(SentFrameKind.MaxStreamsUni, 0, 0, 0, false));
                _maxStreamsUniPending = false;
                ackEliciting = true;
            }
        }
        // CRYPTO data (lost first).
        while (w.Remaining > 16 && space.CryptoSend.TryPeek(w.Remaining - 16, long.MaxValue, out long offset, out ReadOnlySpan<byte> data, out bool retransmission))
        {
            FrameWriter.Crypto(ref w, offset, data);
            space.CryptoSend.MarkSent(offset, data.Length, retransmission);
            frames.Add(new SentFrame(SentFrameKind.Crypto, 0, offset, data.Length, false));
            ackEliciting = true;
        }
        if (space.Level != EncryptionLevel.OneRtt || (_isClient && !_tls.IsComplete))
        {
            return;
        }
        WriteStreamControl(ref w, frames, ref ackEliciting);
        WriteStreamData(ref w, frames, ref ackEliciting);
    }

    private void WriteStreamControl(ref SpanWriter w, List<SentFrame> frames, ref bool ackEliciting)
    {
        foreach (QuicStream s in _streams.Values)
        {
            if (w.Remaining < 32)
            {
                return;
            }
            if (s.ResetPending is { } resetError)
            {
                FrameWriter.ResetStream(ref w, s.Id, resetError, s.Send.NextOffset);
                frames.Add(new SentFrame(SentFrameKind.ResetStream, s.Id, resetError, 0, false));
                s.ResetPending = null;
                s.ResetSent = true;
                ackEliciting = true;
            }
            if (s.StopSendingPending is { } stopError)
            {
                FrameWriter.StreamValue(ref w, FrameType.StopSending, s.Id, stopError);
                frames.Add(new SentFrame(SentFrameKind.StopSending, s.Id, stopError, 0, false));
                s.StopSendingPending = null;
                ackEliciting = true;
            }
            if (s.MaxStreamDataPending && !s.ReceiveClosed)
            {
                FrameWriter.StreamValue(ref w, FrameType.MaxStreamData, s.Id, s.ReceiveMax);
                frames.Add(new SentFrame(SentFrameKind.MaxStreamData, s.Id, 0, 0, false));
                ackEliciting = true;
            }
            s.MaxStreamDataPending = false;
        }
    }

    private void WriteStreamData(ref SpanWriter w, List<SentFrame> frames, ref bool ackEliciting)
    {
        if (_streams.Count == 0)
        {
            return;
        }
        _streamOrder.Clear();
        _streamOrder.AddRange(_streams.Values);
        List<QuicStream> order = _streamOrder;
        int start = _streamCursor++ % order.Count;
        for (int k = 0; k < order.Count && w.Remaining > 24; k++)
        {
            QuicStream s = order[(start + k) % order.Count];
            if (s.SendClosed)
            {
                continue;
            }
            while (w.Remaining > 24)
            {
                long connectionCredit = _sendMaxData - _dataSent;
                long newLimit = Math.Min(s.SendMax, s.Send.NextOffset + connectionCredit);
                int max = w.Remaining - FrameWriter.StreamHeaderLength(s.Id, Math.Max(s.Send.NextOffset, 1), w.Remaining);
                if (s.Send.TryPeek(max, newLimit, out long offset, out ReadOnlySpan<byte> data, out bool retransmission))
                {
                    bool fin = s.Send.FinWritten && !retransmission && offset + data.Length == s.Send.WrittenEnd;
                    fin |= retransmission && s.Send.FinSent && offset + data.Length == s.Send.WrittenEnd;
                    FrameWriter.Stream(ref w, s.Id, offset, data, fin);
                    if (!retransmission)
                    {
                        _dataSent += data.Length;
                    }
                    s.Send.MarkSent(offset, data.Length, retransmission);
                    s.Send.FinSent |= fin;
                    frames.Add(new SentFrame(SentFrameKind.Stream, s.Id, offset, data.Length, fin));
                    ackEliciting = true;
                    continue;
                }
                if (s.Send.FinWritten && !s.Send.FinSent && s.Send.NextOffset == s.Send.WrittenEnd)
                {
                    FrameWriter.Stream(ref w, s.Id, s.Send.NextOffset, [], true);
                    s.Send.FinSent = true;
                    frames.Add(new SentFrame(SentFrameKind.Stream, s.Id, s.Send.NextOffset, 0, true));
                    ackEliciting = true;
                }
                break;
            }
        }
    }

    private bool _closeSent;
    private bool _closeApplication;

    private void WriteClose(ref SpanWriter w, EncryptionLevel level)
    {
        QuicException error = _closeError!;
        byte[] reason = System.Text.Encoding.UTF8.GetBytes(error.Message.Length > 60 ? error.Message[..60] : error.Message);
        // An application close in Initial/Handshake packets is sent as a transport APPLICATION_ERROR (RFC 9000 §10.2.3).
        bool application = _closeApplication && level == EncryptionLevel.OneRtt;
        long code = _closeApplication && !application ? (long)QuicTransportError.ApplicationError : (long)error.Code;
        if (_closeApplication && application)
        {
            code = 0;
        }
        FrameWriter.ConnectionClose(ref w, application, code, 0, reason);
    }

    /// <summary>Enters closing: one CONNECTION_CLOSE in every space with keys, then closed (lock held).</summary>
    private void CloseLocked(QuicException error, bool application, bool silent = false)
    {
        if (_closing || _closed)
        {
            return;
        }
        _closeError = error;
        _closeApplication = application;
        _closing = true;
        if (silent)
        {
            FinishClose();
            return;
        }
        Flush();
    }

    private void FinishClose()
    {
        _closeSent = true;
        _closed = true;
        ClearBufferedPackets();
        Exception failure = _closeError is { Code: QuicTransportError.NoError, IsRemote: false }
            ? new MuxerClosedException("QUIC connection closed")
            : new MuxerClosedException($"QUIC connection closed: {_closeError!.Message}", _closeError);
        _handshake.TrySetException(_closeError!.InnerException is PeerIdMismatchException mismatch ? mismatch : _closeError);
        _accept.Writer.TryComplete(failure);
        _acceptUni.Writer.TryComplete(failure);
        foreach (QuicStream s in _streams.Values)
        {
            if (!s.ReceiveClosed)
            {
                s.ReceiveClosed = true;
                s.CompleteInbound(failure);
            }
            s.AbortOutbound();
        }
        ReleaseStreamCredit();
        _ackProgress.TrySetResult();
        _endpoint.Remove(this);
        _completion.TrySetResult();
        Wake();
    }

    private void DiscardSpace(EncryptionLevel level)
    {
        PacketSpace space = _spaces[(int)level];
        if (space.Discarded)
        {
            return;
        }
        foreach (SentPacket p in space.Sent)
        {
            if (p.AckEliciting)
            {
                _cc.BytesInFlight -= p.Size;
            }
        }
        space.Discard();
        _ptoCount = 0;
    }
}
