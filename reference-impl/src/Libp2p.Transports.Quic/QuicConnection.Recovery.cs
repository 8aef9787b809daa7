using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>ACK processing, loss detection and PTO (RFC 9002 §5, §6), timers and idle timeout (RFC 9000 §10.1).</summary>
public sealed partial class QuicConnection
{
    private const int PacketThreshold = 3;

    /// <summary>
    /// Ack-eliciting 1-RTT packets we let accumulate before acknowledging: two, as RFC 9000 §13.2.2 recommends. The
    /// ACK itself goes out once per received burst, so a burst of datagrams costs one ACK, not one per pair. (ACK
    /// decimation to every tenth packet measured no faster on loopback: 837-1826 vs 984-1766 Mbit/s.)
    /// </summary>
    private const int AckThreshold = 2;

    /// <summary>How long an acknowledgement may wait: a quarter RTT, between 1 ms and half our max_ack_delay (25 ms).</summary>
    private long LocalAckDelayUs() => Math.Clamp(_cc.SmoothedRttUs / 4, 1000, 12_500);

    private void OnAck(PacketSpace space, in Frame ack)
    {
        long now = NowUs();
        long largest = ack.Value;
        if (largest >= space.NextPacketNumber)
        {
            throw new QuicException(QuicTransportError.ProtocolViolation, $"ACK of packet {largest} which was never sent");
        }
        bool newlyAcked = false;
        SentPacket? largestNewly = null;
        bool anyEliciting = false;
        var ranges = new AckRanges(ack);
        while (ranges.MoveNext())
        {
            (long smallest, long high) = ranges.Current;
            List<SentPacket> sent = space.Sent;
            int first = LowerBound(sent, smallest);
            int i = first;
            for (; i < sent.Count && sent[i].PacketNumber <= high; i++)
            {
                SentPacket p = sent[i];
                newlyAcked = true;
                anyEliciting |= p.AckEliciting;
                if (largestNewly is null || p.PacketNumber > largestNewly.PacketNumber)
                {
                    largestNewly = p;
                }
                if (p.AckEliciting)
                {
                    _cc.OnAcked(p);
                    _packetsAcked++;
                }
                OnFramesAcked(space, p);
            }
            sent.RemoveRange(first, i - first);
        }
        if (!newlyAcked)
        {
            return;
        }
        space.LargestAcked = Math.Max(space.LargestAcked, largest);
        if (largestNewly!.PacketNumber == largest && anyEliciting)
        {
            long ackDelay = space.Level == EncryptionLevel.OneRtt ? Math.Min(ack.Value2 << 3, _handshakeConfirmed ? _maxAckDelayUs : long.MaxValue) : 0;
            _cc.OnRttSample(Math.Max(now - largestNewly.TimeUs, 1), ackDelay);
        }
        DetectLosses(space, now);
        // PTO backoff resets on progress, except for a client still unsure the server validated it (RFC 9002 §6.2.1).
        if (_handshakeConfirmed || space.Level != EncryptionLevel.Initial)
        {
            _ptoCount = 0;
        }
        TaskCompletionSource progress = _ackProgress;
        _ackProgress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        progress.TrySetResult();
    }

    private static int LowerBound(List<SentPacket> sent, long pn)
    {
        int lo = 0, hi = sent.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (sent[mid].PacketNumber < pn)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private void OnFramesAcked(PacketSpace space, SentPacket packet)
    {
        foreach (SentFrame f in packet.Frames)
        {
            switch (f.Kind)
            {
                case SentFrameKind.Crypto:
                    space.CryptoSend.OnAcked(f.Offset, f.Length);
                    break;
                case SentFrameKind.Stream when _streams.TryGetValue(f.StreamId, out QuicStream? s):
                    s.Send.OnAcked(f.Offset, f.Length);
                    if (f.Fin)
                    {
                        s.Send.FinAcked = true;
                    }
                    if (s.Send.FinAcked && s.Send.AllAcked)
                    {
                        s.SendClosed = true;
                        MaybeForget(s);
                    }
                    s.SpaceAvailable?.TrySetResult();
                    break;
                case SentFrameKind.ResetStream when _streams.TryGetValue(f.StreamId, out QuicStream? r):
                    MaybeForget(r);
                    break;
                default:
                    break;
            }
        }
    }

    private void DetectLosses(PacketSpace space, long now)
    {
        space.LossTimeUs = long.MaxValue;
        if (space.LargestAcked < 0)
        {
            return;
        }
        long lossDelay = Math.Max(9 * Math.Max(_cc.LatestRttUs, _cc.SmoothedRttUs) / 8, CongestionController.GranularityUs);
        long lostSendTime = now - lossDelay;
        List<SentPacket> sent = space.Sent;
        long latestLostSentUs = -1;
        for (int i = 0; i < sent.Count;)
        {
            SentPacket p = sent[i];
            if (p.PacketNumber > space.LargestAcked)
            {
                break;
            }
            if (p.TimeUs <= lostSendTime || space.LargestAcked >= p.PacketNumber + PacketThreshold)
            {
                sent.RemoveAt(i);
                _packetsLost++;
                if (p.AckEliciting)
                {
                    _cc.BytesInFlight -= p.Size;
                    latestLostSentUs = Math.Max(latestLostSentUs, p.TimeUs);
                }
                RequeueFrames(space, p);
                continue;
            }
            space.LossTimeUs = Math.Min(space.LossTimeUs, p.TimeUs + lossDelay);
            i++;
        }
        if (latestLostSentUs >= 0)
        {
            _cc.OnCongestionEvent(latestLostSentUs, now);
        }
    }

    /// <summary>Queues what a lost packet carried for retransmission (RFC 9000 §13.3).</summary>
    private void RequeueFrames(PacketSpace space, SentPacket packet)
    {
        foreach (SentFrame f in packet.Frames)
        {
            switch (f.Kind)
            {
                case SentFrameKind.Crypto:
                    space.CryptoSend.OnLost(f.Offset, f.Length);
                    break;
                case SentFrameKind.Stream when _streams.TryGetValue(f.StreamId, out QuicStream? s) && !s.SendClosed:
                    s.Send.OnLost(f.Offset, f.Length);
                    if (f.Fin && !s.Send.FinAcked)
                    {
                        s.Send.FinSent = false;
                    }
                    break;
                case SentFrameKind.MaxData:
                    _maxDataPending = true;
                    break;
                case SentFrameKind.MaxStreamsBidi:
                    _maxStreamsPending = true;
                    break;
                case SentFrameKind.MaxStreamsUni:
                    _maxStreamsUniPending = true;
                    break;
                case SentFrameKind.NewConnectionId:
                case SentFrameKind.RetireConnectionId:
                    RequeueConnectionIdFrame(f);
                    break;
                case SentFrameKind.HandshakeDone:
                    _handshakeDonePending = true;
                    break;
                case SentFrameKind.MaxStreamData when _streams.TryGetValue(f.StreamId, out QuicStream? m):
                    m.MaxStreamDataPending = true;
                    break;
                case SentFrameKind.ResetStream when _streams.TryGetValue(f.StreamId, out QuicStream? r):
                    r.ResetPending = f.Offset;
                    break;
                case SentFrameKind.StopSending when _streams.TryGetValue(f.StreamId, out QuicStream? t):
                    t.StopSendingPending = f.Offset;
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The earliest loss time or PTO across spaces (RFC 9002 §6.2.1, §A.8).</summary>
    private (long DeadlineUs, PacketSpace? Space, bool IsLossTime) LossDetectionTimer()
    {
        foreach (PacketSpace s in _spaces)
        {
            if (!s.Discarded && s.LossTimeUs != long.MaxValue)
            {
                return (s.LossTimeUs, s, true);
            }
        }
        long backoff = 1L << Math.Min(_ptoCount, 16);
        long best = long.MaxValue;
        PacketSpace? bestSpace = null;
        foreach (PacketSpace s in _spaces)
        {
            if (s.Discarded || s.SendKeys is null)
            {
                continue;
            }
            if (s.Level == EncryptionLevel.OneRtt && !_handshakeConfirmed)
            {
                continue;
            }
            bool inFlight = s.HasAckElicitingInFlight;
            // Client anti-deadlock: keep probing until the handshake completes (RFC 9002 §6.2.2.1).
            bool antiDeadlock = _isClient && !_tls.IsComplete && s.Level != EncryptionLevel.OneRtt;
            if (!inFlight && !antiDeadlock)
            {
                continue;
            }
            long pto = _cc.PtoUs(s.Level == EncryptionLevel.OneRtt ? _maxAckDelayUs : 0) * backoff;
            long baseTime = inFlight ? s.LastAckElicitingSentUs : NowUs();
            long deadline = baseTime + pto;
            if (deadline < best)
            {
                best = deadline;
                bestSpace = s;
            }
        }
        return (best, bestSpace, false);
    }

    private long NextDeadlineUs()
    {
        long next = _lastActivityUs + _idleTimeoutUs;
        (long loss, _, _) = LossDetectionTimer();
        next = Math.Min(next, loss);
        foreach (PacketSpace s in _spaces)
        {
            if (!s.Discarded && s.UnackedAckEliciting > 0)
            {
                next = Math.Min(next, s.AckDeadlineUs);
            }
        }
        // Data blocked by the congestion window waits for an ACK (which flushes), not for a timer; data blocked by
        // the pacer wakes the timer when the pacer allows the next datagram.
        if (_spaces[2].SendKeys is not null && !_closing && _cc.CanSend(_maxDatagram) && DatagramLimit() >= 64 && HasElicitingData(_spaces[2]))
        {
            long now = NowUs();
            next = Math.Min(next, now + _cc.PacingDelayUs(now, _maxDatagram));
        }
        return next;
    }

    private void OnTimers(long now)
    {
        if (_closing)
        {
            return;
        }
        if (now - _lastActivityUs >= _idleTimeoutUs)
        {
            CloseLocked(new QuicException(QuicTransportError.NoError, "idle timeout"), application: false, silent: true);
            return;
        }
        (long deadline, PacketSpace? space, bool isLossTime) = LossDetectionTimer();
        if (space is null || now < deadline)
        {
            return;
        }
        if (isLossTime)
        {
            DetectLosses(space, now);
            return;
        }
        // PTO: send up to two ack-eliciting probes, retransmitting the oldest data in flight (RFC 9002 §6.2.4).
        _ptoCount++;
        _ptos++;
        space.ProbesPending = 2;
        if (space.Sent.Count > 0)
        {
            RequeueFrames(space, space.Sent[0]);
        }
        if (_isClient && !_tls.IsComplete && space.Level == EncryptionLevel.Initial && space.CryptoSend.AckedPrefix < space.CryptoSend.WrittenEnd)
        {
            space.CryptoSend.OnLost(space.CryptoSend.AckedPrefix, (int)(space.CryptoSend.WrittenEnd - space.CryptoSend.AckedPrefix));
        }
    }
}
