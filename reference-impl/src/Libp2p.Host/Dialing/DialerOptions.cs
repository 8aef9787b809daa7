namespace Libp2p.Host.Dialing;

/// <summary>How the host dials peers by ID (HOST-DIAL-008..013).</summary>
public sealed class DialerOptions
{
    /// <summary>Addresses of one peer dialed at the same time.</summary>
    public int MaxConcurrentDialsPerPeer { get; init; } = 8;

    /// <summary>Transport dials and upgrades in flight for the whole host.</summary>
    public int MaxConcurrentDials { get; init; } = 100;

    /// <summary>Limit for one address: transport dial plus upgrade.</summary>
    public TimeSpan PerAddressTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for a whole dial of a peer, over all of its addresses.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stagger between attempts on public addresses; 250 ms is RFC 8305's recommended Connection Attempt Delay.</summary>
    public TimeSpan PublicAttemptDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Stagger between attempts on loopback and private addresses (go-libp2p uses 30 ms).</summary>
    public TimeSpan PrivateAttemptDelay { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>How much later relayed addresses start than direct ones (go-libp2p uses 500 ms).</summary>
    public TimeSpan RelayDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Backoff after an address failed once; it grows with each further failure.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Growth of the backoff: base + coefficient × failures² (go-libp2p's formula).</summary>
    public TimeSpan BackoffCoefficient { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Clock for backoff expiry.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
