namespace Libp2p.Conformance;

/// <summary>
/// Base of every abstract per-layer conformance suite (transport, security, muxer, protocol): gives tests the
/// <see cref="Target"/> under test and a way to declare what a test needs. A test whose capability the target
/// does not declare is reported as ignored with a reason starting with <see cref="UnsupportedReasonPrefix"/>,
/// never as passed.
/// </summary>
public abstract class ConformanceSuite
{
    /// <summary>The start of the ignore reason of a test the target cannot run; the reporter keys on it.</summary>
    public const string UnsupportedReasonPrefix = "unsupported by target";

    /// <summary>The start of the ignore reason of a test that does not apply to the variant under test.</summary>
    public const string NotApplicableReasonPrefix = "not applicable:";

    private readonly ConformanceTarget? _explicitTarget;
    private ConformanceTarget? _target;

    /// <summary>Judges the target named by <see cref="ConformanceTarget.EnvironmentVariable"/>.</summary>
    protected ConformanceSuite()
    {
    }

    /// <summary>Judges <paramref name="target"/> regardless of the environment.</summary>
    protected ConformanceSuite(ConformanceTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _explicitTarget = target;
    }

    /// <summary>The implementation under test.</summary>
    protected ConformanceTarget Target => _target ??= _explicitTarget ?? ConformanceTarget.FromEnvironment();

    /// <summary>
    /// Fails every test of the fixture with a clear message when the target is malformed or its kind is not
    /// implemented yet, instead of letting tests run against the wrong implementation.
    /// </summary>
    [OneTimeSetUp]
    public void VerifyTarget()
    {
        if (Target.Kind != ConformanceTargetKind.Reference && Target.Kind != RemoteTargetKind)
        {
            NotApplicable($"this suite does not judge {Target.Kind.ToString().ToLowerInvariant()} targets; {Target.Id} is judged by the "
                + $"{Target.Kind.ToString().ToLowerInvariant()} suites");
        }
        try
        {
            Target.EnsureImplemented();
        }
        catch (ConformanceTargetException ex)
        {
            Assert.Fail(ex.Message);
        }
    }

    /// <summary>
    /// The kind of remote target the suite's tests judge besides <c>reference</c>: <c>wire</c> for the wire suites,
    /// <c>daemon</c> for the daemon suites, null for a suite that only exercises our in-process stack (it reports
    /// every test as not applicable for any other target).
    /// </summary>
    protected virtual ConformanceTargetKind? RemoteTargetKind => null;

    /// <summary>Whether a skip <paramref name="message"/> says the target lacks a capability the test needs.</summary>
    public static bool IsUnsupportedMessage(string? message) =>
        message is not null && message.TrimStart().StartsWith(UnsupportedReasonPrefix, StringComparison.Ordinal);

    /// <summary>Whether a skip <paramref name="message"/> was written by <see cref="NotApplicable"/>.</summary>
    public static bool IsNotApplicableMessage(string? message) =>
        message is not null && message.TrimStart().StartsWith(NotApplicableReasonPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Ends the current test as ignored with "not applicable: <paramref name="reason"/>": a declared deviation, for a
    /// variant the requirement does not cover by design (e.g. integrity tests of the plaintext channel). The report
    /// leaves such tests out of a requirement's verdict instead of marking it not tested.
    /// </summary>
    protected static void NotApplicable(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Assert.Ignore($"{NotApplicableReasonPrefix} {reason}");
    }

    /// <summary>
    /// Ends the current test as ignored ("unsupported by target ID: CAPABILITY") unless the target declares
    /// <paramref name="capability"/> (a transport, security protocol, muxer or protocol ID).
    /// </summary>
    protected void RequireCapability(string capability)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(capability);
        if (!Target.Capabilities.Supports(capability))
        {
            Assert.Ignore($"{UnsupportedReasonPrefix} {Target.Id}: {capability}");
        }
    }
}
