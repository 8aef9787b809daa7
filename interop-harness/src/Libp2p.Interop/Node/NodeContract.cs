namespace Libp2p.Interop.Node;

/// <summary>Which transport-interop contract a node follows (docs/TEST-PLANS.md §1.1 and §1.6).</summary>
public enum NodeContract
{
    /// <summary>libp2p/test-plans: lower-case env, Redis key <c>listenerAddr</c>, JSON result line.</summary>
    TestPlans,

    /// <summary>libp2p/unified-testing: upper-case env, key <c>&lt;TEST_KEY&gt;_listener_multiaddr</c>, YAML <c>latency:</c> block.</summary>
    Unified,
}
