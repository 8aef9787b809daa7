namespace Libp2p.Security.Plaintext;

/// <summary>Options of <c>/plaintext/2.0.0</c>.</summary>
public sealed class PlaintextOptions
{
    /// <summary>Largest accepted <c>Exchange</c> message; an RSA-4096 key needs about 560 bytes.</summary>
    public int MaxExchangeLength { get; init; } = 8 * 1024;

    /// <summary>Upper bound on the exchange; on expiry it fails with <see cref="PlaintextException"/>.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
