namespace Libp2p.Host.ConnectionManagement;

/// <summary>Watermarks and grace period of the <see cref="ConnectionManager"/> (HOST-CONNMGR-001, -002, -004).</summary>
public sealed class ConnectionManagerOptions
{
    /// <summary>Trimming closes connections until this many remain.</summary>
    public int LowWater { get; init; } = 192;

    /// <summary>More open connections than this start a trim.</summary>
    public int HighWater { get; init; } = 256;

    /// <summary>New connections are left alone for this long.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Clock for connection ages.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
