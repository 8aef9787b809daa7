namespace Libp2p.Conformance;

/// <summary>
/// What a target declares it supports: transports (<c>tcp</c>, <c>ws</c>, <c>memory</c>, ...), security protocols
/// (<c>noise</c>, <c>tls</c>, <c>plaintext</c>), stream muxers (<c>yamux</c>, <c>mplex</c>) and application
/// protocols (protocol IDs such as <c>/ipfs/ping/1.0.0</c>). Names compare case-insensitively.
/// </summary>
public sealed class TargetCapabilities
{
    /// <summary>Creates a capability set; every list may be empty.</summary>
    public TargetCapabilities(
        IEnumerable<string> transports,
        IEnumerable<string> security,
        IEnumerable<string> muxers,
        IEnumerable<string> protocols)
    {
        Transports = ToSet(transports);
        Security = ToSet(security);
        Muxers = ToSet(muxers);
        Protocols = ToSet(protocols);
    }

    /// <summary>No capabilities at all.</summary>
    public static TargetCapabilities None { get; } = new([], [], [], []);

    /// <summary>Transport names, e.g. <c>tcp</c>.</summary>
    public IReadOnlySet<string> Transports { get; }

    /// <summary>Security protocol names, e.g. <c>noise</c>.</summary>
    public IReadOnlySet<string> Security { get; }

    /// <summary>Stream muxer names, e.g. <c>yamux</c>.</summary>
    public IReadOnlySet<string> Muxers { get; }

    /// <summary>Application protocol IDs, e.g. <c>/multistream/1.0.0</c>.</summary>
    public IReadOnlySet<string> Protocols { get; }

    /// <summary>Whether <paramref name="capability"/> is declared in any of the four categories.</summary>
    public bool Supports(string capability)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(capability);
        return Transports.Contains(capability) || Security.Contains(capability)
            || Muxers.Contains(capability) || Protocols.Contains(capability);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"transports [{string.Join(", ", Transports)}], security [{string.Join(", ", Security)}], "
        + $"muxers [{string.Join(", ", Muxers)}], protocols [{string.Join(", ", Protocols)}]";

    private static HashSet<string> ToSet(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            set.Add(name);
        }
        return set;
    }
}
