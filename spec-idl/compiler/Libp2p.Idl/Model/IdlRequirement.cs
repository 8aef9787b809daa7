namespace Libp2p.Idl.Model;

/// <summary>A numbered requirement (key <c>requirements</c>).</summary>
/// <param name="Id">Stable ID, pattern <c>MODULE-AREA-NNN</c>.</param>
/// <param name="Level">RFC 2119 level: MUST, MUST NOT, SHOULD, SHOULD NOT or MAY.</param>
/// <param name="Text">One sentence.</param>
/// <param name="Section">The spec section heading cited.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlRequirement(string Id, string Level, string Text, string Section, SourceLocation Location);
