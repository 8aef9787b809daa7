namespace Muxer.Conformance.Tests.Support;

/// <summary>The byte pipe a muxer pair runs over in the suite.</summary>
public enum TransportKind
{
    /// <summary>In-memory pipes (Libp2p.Transports.Memory).</summary>
    Memory,
    /// <summary>In-memory pipes behind the fault-injecting wrapper delivering one byte at a time.</summary>
    OneByteAtATime,
    /// <summary>Real loopback TCP sockets (Libp2p.Transports.Tcp on 127.0.0.1).</summary>
    Tcp,
}
