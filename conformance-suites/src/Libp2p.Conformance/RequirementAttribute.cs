namespace Libp2p.Conformance;

/// <summary>
/// Tags a conformance test with the IDL requirement ID(s) it checks (e.g. <c>YAMUX-FLOW-001</c>).
/// The reporter maps results back to the requirement catalog through this property.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class RequirementAttribute : PropertyAttribute
{
    /// <summary>The NUnit property name that carries requirement IDs.</summary>
    public const string PropertyName = "Requirement";

    /// <summary>Tags the test with <paramref name="id"/>.</summary>
    public RequirementAttribute(string id) : base(PropertyName, id) => Id = id;

    /// <summary>The requirement ID.</summary>
    public string Id { get; }
}
