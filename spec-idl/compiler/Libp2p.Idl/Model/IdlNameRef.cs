namespace Libp2p.Idl.Model;

/// <summary>A bare name reference (an entry of <c>extends</c>).</summary>
/// <param name="Name">The referenced name.</param>
/// <param name="Location">Where it is written.</param>
public sealed record IdlNameRef(string Name, SourceLocation Location);
