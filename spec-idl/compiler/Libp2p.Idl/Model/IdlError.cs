namespace Libp2p.Idl.Model;

/// <summary>An error declared under <c>errors</c>; C#: <c>&lt;Name&gt;Exception</c>.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Section">Optional spec section cited.</param>
/// <param name="Extends">Base error name, or null for the root <c>Libp2pException</c>.</param>
/// <param name="Message">Default message, or the message template (<c>{field}</c> placeholders) when there are fields.</param>
/// <param name="Fields">Values carried by the error.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlError(
    string Name,
    string? Doc,
    string? Section,
    IdlNameRef? Extends,
    string? Message,
    IReadOnlyList<IdlMember> Fields,
    SourceLocation Location);
