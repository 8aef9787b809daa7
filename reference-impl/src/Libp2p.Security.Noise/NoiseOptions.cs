namespace Libp2p.Security.Noise;

/// <summary>Options of the libp2p Noise handshake (libp2p/specs noise/README.md).</summary>
public sealed class NoiseOptions
{
    /// <summary>
    /// Stream muxer protocol IDs in preference order, announced in <c>NoiseExtensions.stream_muxers</c>
    /// for early muxer negotiation (connections/inlined-muxer-negotiation.md "Multiplexer Negotiation over Noise").
    /// Empty disables the optimisation.
    /// </summary>
    public IReadOnlyList<string> StreamMuxers { get; init; } = [];

    /// <summary>Upper bound on the whole handshake; on expiry the handshake fails with <see cref="NoiseException"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The Noise prologue (empty for libp2p over TCP/WebSocket; WebRTC Direct sets its own).</summary>
    public ReadOnlyMemory<byte> Prologue { get; init; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>Pipe buffering per direction before backpressure applies.</summary>
    public int MaxBufferedBytes { get; init; } = 1 << 20;
}
