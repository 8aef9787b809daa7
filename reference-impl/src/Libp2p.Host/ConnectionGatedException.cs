using Libp2p.Core.Abstractions;

namespace Libp2p.Host;

/// <summary>The connection gater refused a dial or a connection at <see cref="Stage"/> (HOST-GATE-001).</summary>
public sealed class ConnectionGatedException(string stage, string subject)
    : Libp2pException($"the connection gater refused {subject} at {stage}")
{
    /// <summary>The hook that refused: <c>peer-dial</c>, <c>address-dial</c>, <c>accept</c>, <c>secured</c> or <c>upgraded</c>.</summary>
    public string Stage { get; } = stage;
}
