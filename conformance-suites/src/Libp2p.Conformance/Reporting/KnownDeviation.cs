namespace Libp2p.Conformance.Reporting;

/// <summary>
/// A reviewed, documented failure of one requirement by one target (conformance-suites/known-deviations.yaml):
/// reported as <see cref="RequirementStatus.KnownDeviation"/> (yellow) instead of failed, and left out of the exit code.
/// </summary>
/// <param name="Target">Target ID, e.g. <c>wire:js-v3</c>.</param>
/// <param name="Requirement">Requirement ID.</param>
/// <param name="Reason">Why the target deviates: the spec section and the observed bytes or behaviour.</param>
/// <param name="Link">Where it is tracked or explained (an upstream issue, a spec discussion).</param>
public sealed record KnownDeviation(string Target, string Requirement, string Reason, string Link);
