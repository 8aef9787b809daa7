namespace Libp2p.Idl.Model;

/// <summary>A method of an interface.</summary>
/// <param name="Name">snake_case name.</param>
/// <param name="IsAsync">Whether the method is asynchronous (default true).</param>
/// <param name="Doc">Optional description.</param>
/// <param name="Params">Parameters in order.</param>
/// <param name="Returns">The result type, or null for none.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record IdlMethod(
    string Name,
    bool IsAsync,
    string? Doc,
    IReadOnlyList<IdlMember> Params,
    TypeRef? Returns,
    SourceLocation Location);
