namespace Libp2p.Idl.Model;

/// <summary>An interface declared under <c>interfaces</c>.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Section">Optional spec section cited.</param>
/// <param name="Extends">Base interfaces (declared ones or <c>duplex_stream</c> / <c>disposable</c>).</param>
/// <param name="Properties">Read-only properties.</param>
/// <param name="Methods">Methods.</param>
/// <param name="Events">Events.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlInterface(
    string Name,
    string? Doc,
    string? Section,
    IReadOnlyList<IdlNameRef> Extends,
    IReadOnlyList<IdlMember> Properties,
    IReadOnlyList<IdlMethod> Methods,
    IReadOnlyList<IdlMember> Events,
    SourceLocation Location);
