namespace Libp2p.Host.AddressDiscovery;

/// <summary>Settings of a node's <see cref="IdentifyService"/>.</summary>
public sealed class IdentifyServiceOptions
{
    /// <summary>Our agentVersion (identify/README.md "agentVersion": <c>agent-name/version</c>).</summary>
    public string AgentVersion { get; init; } = "libp2p-conformance/" + (typeof(IdentifyServiceOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    /// <summary>Limit for one identify or push exchange.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether identify runs automatically on every new connection (both directions).</summary>
    public bool IdentifyOnConnect { get; init; } = true;
}
