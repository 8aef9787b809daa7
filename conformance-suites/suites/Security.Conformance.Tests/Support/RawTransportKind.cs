namespace Security.Conformance.Tests.Support;

/// <summary>What carries the raw bytes under the secure channel in a suite run.</summary>
public enum RawTransportKind
{
    /// <summary>Two cross-connected in-memory pipes.</summary>
    Memory,

    /// <summary>A loopback TCP socket pair (127.0.0.1).</summary>
    Tcp,
}
