namespace Libp2p.Interop.Results;

/// <summary>A progress report: tests finished so far, the total, failures so far, and the last finished result.</summary>
public sealed record InteropProgress(int Done, int Total, int Failures, InteropTestResult Last);
