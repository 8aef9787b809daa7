namespace Libp2p.Idl.Model;

/// <summary>One parsed module file (<c>spec-idl/modules/&lt;name&gt;.yaml</c>).</summary>
/// <param name="Name">Module ID, equal to the file name without <c>.yaml</c>.</param>
/// <param name="Title">Human title.</param>
/// <param name="Spec">The spec document.</param>
/// <param name="CSharpNamespace">Namespace of the generated C# (default <c>Libp2p.Core.Abstractions</c>).</param>
/// <param name="Protocols">Protocol IDs.</param>
/// <param name="Types">Records and enums.</param>
/// <param name="Interfaces">Interfaces.</param>
/// <param name="Errors">Errors.</param>
/// <param name="Requirements">Requirements.</param>
/// <param name="File">The file path as given to the loader.</param>
public sealed record IdlModule(
    string Name,
    string Title,
    IdlSpec Spec,
    string CSharpNamespace,
    IReadOnlyList<IdlProtocol> Protocols,
    IReadOnlyList<IdlTypeDef> Types,
    IReadOnlyList<IdlInterface> Interfaces,
    IReadOnlyList<IdlError> Errors,
    IReadOnlyList<IdlRequirement> Requirements,
    string File)
{
    /// <summary>The default C# namespace of generated code.</summary>
    public const string DefaultNamespace = "Libp2p.Core.Abstractions";
}
