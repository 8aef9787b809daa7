namespace Libp2p.Idl.Model;

/// <summary>A protocol ID defined by a module (key <c>protocols</c>).</summary>
/// <param name="Id">The protocol ID, e.g. <c>/yamux/1.0.0</c>.</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlProtocol(string Id, string? Doc, SourceLocation Location);
