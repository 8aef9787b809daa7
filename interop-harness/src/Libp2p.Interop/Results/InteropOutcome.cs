namespace Libp2p.Interop.Results;

/// <summary>How a matrix test ended.</summary>
public enum InteropOutcome
{
    /// <summary>Dialer exited 0 and printed a parsable measurement.</summary>
    Success,

    /// <summary>Anything else once the test ran.</summary>
    Failure,

    /// <summary>The selected runtime cannot run one of the two implementations; never counted as passed.</summary>
    NotRun,
}
