using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>
/// Packets that arrive before the keys to open them (RFC 9001 §5.7): a Handshake packet overtaking the Initial
/// that carries the ServerHello, or 1-RTT packets overtaking the Finished. Dropping them would leave the sender to
/// retransmit after a PTO (a second or more before the first RTT sample); a few are kept and opened once the keys
/// are installed.
/// </summary>
public sealed partial class QuicConnection
{
    /// <summary>Packets buffered at once, across levels; more are dropped (RFC 9001 §5.7 asks for a limited number).</summary>
    internal const int MaxBufferedPackets = 8;

    private readonly List<(EncryptionLevel Level, byte[] Packet)> _undecryptable = [];
    private long _packetsBuffered;

    /// <summary>Packets kept for later because their keys were not yet available (diagnostics and tests).</summary>
    internal long PacketsBuffered { get { lock (_lock) { return _packetsBuffered; } } }

    /// <summary>Keeps a copy of a packet whose keys are not installed yet (lock held); false when the buffer is full.</summary>
    private bool TryBufferUndecryptable(ReadOnlySpan<byte> packet, EncryptionLevel level)
    {
        // Initial keys exist from the start: an Initial packet that fails is forged or corrupt, never early.
        if (level == EncryptionLevel.Initial || _undecryptable.Count >= MaxBufferedPackets || packet.Length > _datagram.Length)
        {
            return false;
        }
        _undecryptable.Add((level, packet.ToArray()));
        _packetsBuffered++;
        return true;
    }

    /// <summary>Processes buffered packets whose keys are now installed and drops those of discarded spaces (lock held).</summary>
    private void ProcessBufferedPackets()
    {
        for (int i = 0; i < _undecryptable.Count && !_closing && !_closed;)
        {
            (EncryptionLevel level, byte[] packet) = _undecryptable[i];
            PacketSpace space = _spaces[(int)level];
            if (space.Discarded)
            {
                _undecryptable.RemoveAt(i);
                continue;
            }
            if (space.ReceiveKeys is null)
            {
                i++;
                continue;
            }
            _undecryptable.RemoveAt(i);
            if (PacketParser.TryParse(packet, LocalCidLength, out PacketHeader header) && header.PacketLength == packet.Length)
            {
                // May install further keys, which makes earlier entries processable: start over.
                ProcessPacket(packet, header);
                i = 0;
            }
        }
    }

    private void ClearBufferedPackets() => _undecryptable.Clear();
}
