using Libp2p.Interop.Matrix;

namespace Libp2p.Interop.Results;

/// <summary>The outcome of one matrix test with its timings and, when it did not pass, the reason.</summary>
public sealed record InteropTestResult
{
    /// <summary>The test.</summary>
    public required InteropTest Test { get; init; }

    /// <summary>The outcome.</summary>
    public required InteropOutcome Outcome { get; init; }

    /// <summary>Why it failed or was not run; null on success.</summary>
    public string? Reason { get; init; }

    /// <summary>The known-failures reason when the test name matches that list (failures then render yellow and do not fail the run).</summary>
    public string? KnownFailure { get; init; }

    /// <summary>Dialer's <c>handshakePlusOneRTTMillis</c>.</summary>
    public double? HandshakePlusOneRttMillis { get; init; }

    /// <summary>Dialer's <c>pingRTTMilllis</c>.</summary>
    public double? PingRttMillis { get; init; }

    /// <summary>Wall-clock duration of the whole test.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Time from listener start to its published address.</summary>
    public TimeSpan? ListenerReady { get; init; }

    /// <summary>The multiaddr the listener published.</summary>
    public string? ListenerAddress { get; init; }

    /// <summary>Dialer exit code, when it exited.</summary>
    public int? DialerExitCode { get; init; }

    /// <summary>Listener exit code, when it exited on its own before being stopped.</summary>
    public int? ListenerExitCode { get; init; }

    /// <summary>Last lines of the dialer's stderr.</summary>
    public string? DialerLog { get; init; }

    /// <summary>Last lines of the listener's stderr.</summary>
    public string? ListenerLog { get; init; }

    /// <summary>True when this result fails the run: a failure not listed as known.</summary>
    public bool IsUnexpectedFailure => Outcome == InteropOutcome.Failure && KnownFailure is null;
}
