namespace Libp2p.Conformance.Tests;

public sealed class ConformanceSuiteTests
{
    private sealed class ProbeSuite(ConformanceTarget target) : ConformanceSuite(target)
    {
        public ConformanceTarget Judged => Target;

        public void Need(string capability) => RequireCapability(capability);

        public static void Skip(string reason) => NotApplicable(reason);
    }

    [Test]
    public void Declared_capability_lets_the_test_continue()
    {
        var suite = new ProbeSuite(ConformanceTarget.Reference);
        Assert.DoesNotThrow(() => suite.Need("yamux"));
        Assert.That(suite.Judged, Is.SameAs(ConformanceTarget.Reference));
    }

    [Test]
    public void Missing_capability_ignores_the_test_as_unsupported_rather_than_passing()
    {
        var suite = new ProbeSuite(ConformanceTarget.Reference);
        var ex = Assert.Throws<IgnoreException>(() => suite.Need("quic"));
        Assert.That(ex!.Message, Is.EqualTo("unsupported by target reference: quic"));
        Assert.That(ConformanceSuite.IsUnsupportedMessage(ex.Message), Is.True);
    }

    [Test]
    public void Not_applicable_ignores_the_test_with_a_recognised_reason()
    {
        var ex = Assert.Throws<IgnoreException>(() => ProbeSuite.Skip("plaintext does not encrypt by design"));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Is.EqualTo("not applicable: plaintext does not encrypt by design"));
            Assert.That(ConformanceSuite.IsNotApplicableMessage(ex.Message), Is.True);
            Assert.That(ConformanceSuite.IsUnsupportedMessage(ex.Message), Is.False);
        });
    }

    [Test]
    public void In_process_suite_is_not_applicable_to_a_remote_target()
    {
        var suite = new ProbeSuite(ConformanceTarget.Parse("wire:js-v3"));
        var ex = Assert.Throws<IgnoreException>(suite.VerifyTarget);
        Assert.That(ConformanceSuite.IsNotApplicableMessage(ex!.Message), Is.True, ex.Message);
    }

    [Test]
    public void Remote_suite_without_a_listener_fails_the_fixture_with_the_reason()
    {
        var suite = new RemoteProbeSuite(ConformanceTarget.Parse("daemon:/ip4/127.0.0.1/tcp/1"), ConformanceTargetKind.Daemon);
        var ex = Assert.Throws<AssertionException>(suite.VerifyTarget);
        Assert.That(ex!.Message, Does.Contain("daemon:/ip4/127.0.0.1/tcp/1").And.Contain("no daemon control endpoints"));
    }

    [Test]
    public void Suite_for_another_remote_kind_is_not_applicable()
    {
        var suite = new RemoteProbeSuite(ConformanceTarget.Parse("daemon:js-v3"), ConformanceTargetKind.Wire);
        var ex = Assert.Throws<IgnoreException>(suite.VerifyTarget);
        Assert.That(ConformanceSuite.IsNotApplicableMessage(ex!.Message), Is.True, ex.Message);
    }

    private sealed class RemoteProbeSuite(ConformanceTarget target, ConformanceTargetKind kind) : ConformanceSuite(target)
    {
        protected override ConformanceTargetKind? RemoteTargetKind => kind;
    }

    [Test]
    public void Implemented_target_passes_verification()
    {
        var suite = new ProbeSuite(ConformanceTarget.Reference);
        Assert.DoesNotThrow(suite.VerifyTarget);
    }

    [TestCase("unsupported by target reference: tls", true)]
    [TestCase("  unsupported by target x: y", true)]
    [TestCase("Unsupported by target", false)]
    [TestCase("ignored: flaky", false)]
    [TestCase(null, false)]
    public void Unsupported_messages_are_recognised(string? message, bool expected) =>
        Assert.That(ConformanceSuite.IsUnsupportedMessage(message), Is.EqualTo(expected));
}
