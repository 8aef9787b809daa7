namespace Libp2p.Conformance;

/// <summary>
/// One numbered requirement of the IDL (<c>spec-idl/modules/*.yaml</c>, key <c>requirements</c>): a stable ID
/// such as <c>YAMUX-FLOW-001</c>, its RFC 2119 level (MUST, MUST NOT, SHOULD, SHOULD NOT, MAY), the module it
/// belongs to, its one-sentence text, the spec section it cites and the spec document (repo/path).
/// </summary>
/// <param name="Id">The stable requirement ID (pattern <c>MODULE-AREA-NNN</c>).</param>
/// <param name="Level">The RFC 2119 level.</param>
/// <param name="Module">The IDL module ID (the YAML file name without extension).</param>
/// <param name="Text">The requirement in one sentence.</param>
/// <param name="Section">The spec section heading cited.</param>
/// <param name="Spec">The spec document (e.g. <c>libp2p/specs yamux/README.md</c>).</param>
public sealed record Requirement(string Id, string Level, string Module, string Text, string Section, string Spec);
