using Libp2p.Interop.Results;

namespace Libp2p.Interop.Reports;

/// <summary>Results grouped per option tuple (transport, security, muxer) with rows = dialers and columns = listeners, as upstream renders them.</summary>
internal sealed record MatrixLayout(string Options, IReadOnlyList<string> Dialers, IReadOnlyList<string> Listeners, IReadOnlyDictionary<(string Dialer, string Listener), InteropTestResult> Cells)
{
    public static IReadOnlyList<MatrixLayout> Build(IReadOnlyList<InteropTestResult> results) =>
        results
            .GroupBy(r => r.Test.Options, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MatrixLayout(
                g.Key,
                g.Select(r => r.Test.Dialer.Id).Distinct().ToList(),
                g.Select(r => r.Test.Listener.Id).Distinct().ToList(),
                g.ToDictionary(r => (r.Test.Dialer.Id, r.Test.Listener.Id))))
            .ToList();

    /// <summary>The cell state: <c>pass</c>, <c>fail</c>, <c>known</c> (known failure), <c>notrun</c> or <c>untested</c>.</summary>
    public static string State(InteropTestResult? result) => result switch
    {
        null => "untested",
        { Outcome: InteropOutcome.Success } => "pass",
        { Outcome: InteropOutcome.Failure, KnownFailure: not null } => "known",
        { Outcome: InteropOutcome.Failure } => "fail",
        _ => "notrun",
    };
}
