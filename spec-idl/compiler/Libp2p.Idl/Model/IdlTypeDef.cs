namespace Libp2p.Idl.Model;

/// <summary>A record or enum declared under <c>types</c>.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="Kind">Record or enum.</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Section">Optional spec section cited.</param>
/// <param name="Fields">Fields of a record (empty for an enum).</param>
/// <param name="Values">Values of an enum (empty for a record).</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlTypeDef(
    string Name,
    IdlTypeKind Kind,
    string? Doc,
    string? Section,
    IReadOnlyList<IdlMember> Fields,
    IReadOnlyList<IdlEnumValue> Values,
    SourceLocation Location);
