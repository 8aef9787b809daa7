namespace Conformance.Cli.Commands;

/// <summary>How <c>conformance</c> invokes <c>dotnet test</c> on each suite project.</summary>
/// <param name="Filter">The <c>--filter</c> expression, if any.</param>
/// <param name="Timeout">Time limit per project run.</param>
/// <param name="ArtifactsPath">The <c>--artifacts-path</c>, if any.</param>
internal sealed record ConformanceRunOptions(string? Filter, TimeSpan Timeout, string? ArtifactsPath);
