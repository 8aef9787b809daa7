namespace Libp2p.Conformance.Results;

/// <summary>One executed (or skipped) test, as read from a TRX file.</summary>
/// <param name="ClassName">The fixture's full type name (TRX <c>TestMethod/@className</c>).</param>
/// <param name="TestName">The test's display name (TRX <c>UnitTestResult/@testName</c>), with arguments for
/// parameterised tests, e.g. <c>Parse(1,"a")</c>, or the name a test case was given.</param>
/// <param name="MethodName">The test method as the adapter reports it (TRX <c>TestMethod/@name</c>): the method name
/// when run with <c>NUnit.UseParentFQNForParametrizedTests=true</c>, otherwise the display name.</param>
/// <param name="Outcome">The folded outcome.</param>
/// <param name="Message">The error or ignore message (TRX <c>Output/ErrorInfo/Message</c>), if any.</param>
/// <param name="StackTrace">The stack trace of a failure, if any.</param>
/// <param name="Duration">How long the test ran.</param>
/// <param name="AssemblyPath">The test assembly (TRX <c>TestMethod/@codeBase</c>).</param>
public sealed record TestResultRecord(
    string ClassName,
    string TestName,
    string MethodName,
    TestOutcome Outcome,
    string? Message,
    string? StackTrace,
    TimeSpan Duration,
    string AssemblyPath)
{
    /// <summary><c>ClassName.TestName</c>.</summary>
    public string FullName => $"{ClassName}.{TestName}";

    /// <summary>Whether the test was skipped because the target does not declare a capability it needs.</summary>
    public bool IsUnsupported => Outcome == TestOutcome.NotExecuted && ConformanceSuite.IsUnsupportedMessage(Message);
}
