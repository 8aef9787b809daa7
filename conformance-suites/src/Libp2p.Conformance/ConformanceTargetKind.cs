namespace Libp2p.Conformance;

/// <summary>How the implementation under test is reached (docs/ARCHITECTURE.md, "conformance-suites").</summary>
public enum ConformanceTargetKind
{
    /// <summary>Our reference stack, in process.</summary>
    Reference,

    /// <summary>Any implementation that runs a listener; our stack acts as the tester peer on the wire.</summary>
    Wire,

    /// <summary>Any implementation exposing the libp2p daemon control protocol (p2pd).</summary>
    Daemon,
}
