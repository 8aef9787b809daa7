namespace Libp2p.Daemon.Tests;

/// <summary>
/// Tags a test with the spec-idl requirement ID it checks (spec-idl/modules/daemon.yaml), under the NUnit property
/// name of <c>Libp2p.Conformance.RequirementAttribute</c> ("Requirement"), without depending on the framework.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
internal sealed class RequirementAttribute(string id) : PropertyAttribute("Requirement", id)
{
    /// <summary>The requirement ID.</summary>
    public string Id { get; } = id;
}
