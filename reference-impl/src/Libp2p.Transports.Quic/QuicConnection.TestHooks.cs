using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Hooks for tests that play a misbehaving peer with a real, authenticated connection.</summary>
public sealed partial class QuicConnection
{
    private readonly List<byte[]> _injectedFrames = [];

    /// <summary>
    /// Test hook: sends <paramref name="frames"/> (encoded frames, unchecked) in the next 1-RTT packet, once, so that a
    /// test can make our peer receive protocol violations inside properly protected packets.
    /// </summary>
    internal void InjectFrames(byte[] frames)
    {
        if (frames.Length is 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), "1 to 1000 bytes of frames");
        }
        lock (_lock)
        {
            _injectedFrames.Add(frames);
            Flush();
        }
    }

    private bool HasInjectedFrames => _injectedFrames.Count > 0;

    private void WriteInjectedFrames(ref SpanWriter w, ref bool ackEliciting)
    {
        while (_injectedFrames.Count > 0 && w.Remaining >= _injectedFrames[0].Length)
        {
            w.WriteBytes(_injectedFrames[0]);
            _injectedFrames.RemoveAt(0);
            ackEliciting = true;
        }
    }
}
