namespace Libp2p.Idl.Model;

/// <summary>One value of an enum type.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="Value">The numeric value (32-bit signed range).</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlEnumValue(string Name, int Value, string? Doc, SourceLocation Location);
