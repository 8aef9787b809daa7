namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Tags a test with the spec-idl requirement ID it checks, under the same NUnit property name as
/// <c>Libp2p.Conformance.RequirementAttribute</c> ("Requirement"), so reports map results to spec-idl/modules/quic.yaml
/// without this fast unit-test project depending on the conformance framework.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
internal sealed class RequirementAttribute(string id) : PropertyAttribute("Requirement", id)
{
    /// <summary>The requirement ID.</summary>
    public string Id { get; } = id;
}
