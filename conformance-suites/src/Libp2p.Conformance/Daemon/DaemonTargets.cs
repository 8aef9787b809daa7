using Libp2p.Conformance.Wire;

namespace Libp2p.Conformance.Daemon;

/// <summary>
/// How daemon targets are described: recipes in conformance-suites/daemon-targets.yaml (the wire-targets format,
/// read by <see cref="WireTargetsFile"/>; the command prints <c>Control socket:</c> instead of listen addresses, and
/// <c>protocols</c> lists the control-protocol subsystems it serves beyond the core requests), or the control address
/// of a daemon someone else started.
/// </summary>
public static class DaemonTargets
{
    /// <summary>Default location of the recipes, relative to the repository root.</summary>
    public const string DefaultPath = "conformance-suites/daemon-targets.yaml";

    /// <summary>Subsystem name: PEERSTORE requests.</summary>
    public const string Peerstore = "daemon/peerstore";

    /// <summary>Subsystem name: CONNMANAGER requests.</summary>
    public const string ConnManager = "daemon/connmanager";

    public const string Dht = "daemon/dht";

    /// <summary>Subsystem name: PUBSUB requests (the daemon was started with pubsub).</summary>
    public const string PubSub = "daemon/pubsub";

    /// <summary>The label of an endpoint whose security protocol and muxer are whatever the running daemon was given.</summary>
    public const string AsConfigured = "as-configured";

    /// <summary>
    /// A running daemon at <paramref name="controlAddress"/>: one endpoint, its security and muxer as configured by
    /// whoever started it (the tester offers noise, tls, yamux and mplex), and only the core requests assumed.
    /// </summary>
    public static (IReadOnlyList<WireEndpoint> Endpoints, TargetCapabilities Capabilities) ForRunningDaemon(string controlAddress)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(controlAddress);
        return ([new WireEndpoint(AsConfigured, AsConfigured, controlAddress)], new TargetCapabilities(["tcp"], [AsConfigured], [AsConfigured], []));
    }
}
