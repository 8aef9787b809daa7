namespace Libp2p.Conformance.Wire;

/// <summary>
/// The target neither declares nor negotiates something a check needs (a security protocol, a muxer or a protocol
/// ID): the check's requirements are reported as unsupported, never passed.
/// </summary>
public sealed class WireUnsupportedException(string capability) : Exception($"the target does not support {capability}")
{
    /// <summary>What the target lacks, e.g. <c>/perf/1.0.0</c>.</summary>
    public string Capability { get; } = capability;
}
