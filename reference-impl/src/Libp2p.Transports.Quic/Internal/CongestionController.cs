namespace Libp2p.Transports.Quic.Internal;

/// <summary>
/// RTT estimation (RFC 9002 §5) and NewReno congestion control (RFC 9002 §7, Appendix B) with a pacer
/// (RFC 9002 §7.7) that spreads a congestion window over a smoothed RTT.
/// </summary>
internal sealed class CongestionController(int maxDatagramSize)
{
    public const long GranularityUs = 1000;
    public const long InitialRttUs = 333_000;

    private long _pacerTokens = 10L * maxDatagramSize;
    private long _pacerLastUs;

    public int MaxDatagramSize { get; } = maxDatagramSize;
    public long LatestRttUs { get; private set; }
    public long SmoothedRttUs { get; private set; } = InitialRttUs;
    public long RttVarUs { get; private set; } = InitialRttUs / 2;
    public long MinRttUs { get; private set; } = long.MaxValue;
    public bool HasRttSample { get; private set; }
    public long Window { get; private set; } = Math.Min(10L * maxDatagramSize, Math.Max(2L * maxDatagramSize, 14720));
    public long SlowStartThreshold { get; private set; } = long.MaxValue;
    public long BytesInFlight { get; set; }
    public long RecoveryStartUs { get; private set; } = -1;
    public long MinimumWindow => 2L * MaxDatagramSize;

    public void OnRttSample(long latestUs, long ackDelayUs)
    {
        LatestRttUs = latestUs;
        if (!HasRttSample)
        {
            HasRttSample = true;
            MinRttUs = latestUs;
            SmoothedRttUs = latestUs;
            RttVarUs = latestUs / 2;
            return;
        }
        MinRttUs = Math.Min(MinRttUs, latestUs);
        long adjusted = latestUs >= MinRttUs + ackDelayUs ? latestUs - ackDelayUs : latestUs;
        RttVarUs = (3 * RttVarUs + Math.Abs(SmoothedRttUs - adjusted)) / 4;
        SmoothedRttUs = (7 * SmoothedRttUs + adjusted) / 8;
    }

    /// <summary>PTO period without backoff (RFC 9002 §6.2.1).</summary>
    public long PtoUs(long maxAckDelayUs) => SmoothedRttUs + Math.Max(4 * RttVarUs, GranularityUs) + maxAckDelayUs;

    public void OnAcked(SentPacket packet)
    {
        BytesInFlight -= packet.Size;
        if (packet.TimeUs <= RecoveryStartUs)
        {
            return;
        }
        if (Window < SlowStartThreshold)
        {
            Window += packet.Size;
        }
        else
        {
            Window += (long)MaxDatagramSize * packet.Size / Window;
        }
    }

    /// <summary>A loss of a packet sent at <paramref name="sentUs"/>: one reduction per round trip.</summary>
    public void OnCongestionEvent(long sentUs, long nowUs)
    {
        if (sentUs <= RecoveryStartUs)
        {
            return;
        }
        RecoveryStartUs = nowUs;
        Window = Math.Max(Window / 2, MinimumWindow);
        SlowStartThreshold = Window;
    }

    public bool CanSend(int bytes) => BytesInFlight + bytes <= Window;

    /// <summary>Microseconds until the pacer allows <paramref name="bytes"/> more, 0 when it does now.</summary>
    public long PacingDelayUs(long nowUs, int bytes)
    {
        Refill(nowUs);
        if (_pacerTokens >= bytes)
        {
            return 0;
        }
        long rate = PacingRateBytesPerSecond();
        return Math.Max(1, (bytes - _pacerTokens) * 1_000_000 / rate);
    }

    public void OnPacketPaced(int bytes) => _pacerTokens -= bytes;

    private long PacingRateBytesPerSecond()
    {
        long rtt = Math.Max(SmoothedRttUs, 1);
        return Math.Max(MaxDatagramSize, Window * 5 / 4 * 1_000_000 / rtt);
    }

    private void Refill(long nowUs)
    {
        long elapsed = nowUs - _pacerLastUs;
        _pacerLastUs = nowUs;
        if (elapsed <= 0)
        {
            return;
        }
        long burst = Math.Max(10L * MaxDatagramSize, Window / 4);
        _pacerTokens = Math.Min(burst, _pacerTokens + elapsed * PacingRateBytesPerSecond() / 1_000_000);
    }
}
