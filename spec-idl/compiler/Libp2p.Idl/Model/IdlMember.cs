namespace Libp2p.Idl.Model;

/// <summary>A typed, named member: a record field, an interface property, a method parameter, an event or an error field.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="Type">The member's type.</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlMember(string Name, TypeRef Type, string? Doc, SourceLocation Location);
