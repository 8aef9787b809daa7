namespace Libp2p.Host.AddressDiscovery;

/// <summary>Thresholds of the <see cref="ObservedAddressManager"/>.</summary>
public sealed class ObservedAddressOptions
{
    /// <summary>Distinct observer networks needed to confirm an address (go-libp2p <c>ActivationThresh</c> = 4).</summary>
    public int ActivationThreshold { get; init; } = 4;

    /// <summary>How long an observation counts (go-libp2p keeps them about half an hour).</summary>
    public TimeSpan ObservationTtl { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Distinct observed addresses tracked per local address group.</summary>
    public int MaxAddressesPerGroup { get; init; } = 32;

    /// <summary>Local address groups tracked.</summary>
    public int MaxGroups { get; init; } = 32;

    /// <summary>Observers remembered per observed address.</summary>
    public int MaxObserversPerAddress { get; init; } = 64;

    /// <summary>The clock; tests pass a manual one.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
