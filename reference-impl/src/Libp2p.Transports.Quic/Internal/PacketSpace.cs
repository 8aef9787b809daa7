namespace Libp2p.Transports.Quic.Internal;

/// <summary>Per packet-number-space state (RFC 9000 §12.3, RFC 9002 §A.1): keys, ACK state, sent packets, CRYPTO streams.</summary>
internal sealed class PacketSpace(EncryptionLevel level)
{
    public EncryptionLevel Level { get; } = level;
    public PacketProtection? SendKeys { get; set; }
    public PacketProtection? ReceiveKeys { get; set; }
    public bool Discarded { get; set; }
    public long NextPacketNumber { get; set; }
    public RangeSet Received { get; } = new();
    public long LargestReceived { get; set; } = -1;
    public long LargestReceivedTimeUs { get; set; }
    public int UnackedAckEliciting { get; set; }
    public bool AckNeeded { get; set; }
    public long AckDeadlineUs { get; set; } = long.MaxValue;
    public SendBuffer CryptoSend { get; } = new();
    public ReceiveBuffer CryptoReceive { get; } = new();
    public List<SentPacket> Sent { get; } = [];
    public long LargestAcked { get; set; } = -1;
    public long LossTimeUs { get; set; } = long.MaxValue;
    public long LastAckElicitingSentUs { get; set; }
    public int ProbesPending { get; set; }

    public bool HasAckElicitingInFlight
    {
        get
        {
            foreach (SentPacket p in Sent)
            {
                if (p.AckEliciting)
                {
                    return true;
                }
            }
            return false;
        }
    }

    public void Discard()
    {
        Discarded = true;
        SendKeys?.Dispose();
        ReceiveKeys?.Dispose();
        SendKeys = null;
        ReceiveKeys = null;
        Sent.Clear();
        AckNeeded = false;
        LossTimeUs = long.MaxValue;
        ProbesPending = 0;
    }
}
