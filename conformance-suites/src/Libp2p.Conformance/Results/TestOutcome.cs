namespace Libp2p.Conformance.Results;

/// <summary>The outcome of one test result, folded from the TRX outcome values.</summary>
public enum TestOutcome
{
    /// <summary>TRX <c>Passed</c>.</summary>
    Passed,

    /// <summary>TRX <c>Failed</c>, <c>Error</c>, <c>Timeout</c>, <c>Aborted</c> or <c>PassedButRunAborted</c>.</summary>
    Failed,

    /// <summary>TRX <c>NotExecuted</c>, <c>Inconclusive</c> and every other outcome: ignored or skipped.</summary>
    NotExecuted,
}
