using Libp2p.Conformance;

// Types that only carry requirement tags, shaped like real suites, for RequirementTagIndexTests. They have no
// [Test] methods, so NUnit does not run them.
namespace Libp2p.Conformance.Tests.Samples;

[Requirement("MUXER-CLASS-001")]
public abstract class SampleMuxerSuite
{
    [Requirement("YAMUX-HDR-001")]
    public void Version_is_zero()
    {
    }

    [Requirement("YAMUX-FLOW-001")]
    [Requirement("YAMUX-FLOW-002")]
    public virtual void Window_is_respected(int size)
    {
    }

    [Property(RequirementAttribute.PropertyName, "YAMUX-PING-001")]
    public void Ping_is_answered()
    {
    }

    public void Untagged_helper()
    {
    }
}

public sealed class SampleYamuxSuite : SampleMuxerSuite
{
    [Requirement("YAMUX-FLOW-003")]
    public override void Window_is_respected(int size)
    {
    }
}

[Requirement("TLS-CERT-001")]
public sealed class SampleTlsSuite : SampleMuxerSuite
{
}

public sealed class SampleUntagged
{
    public void Nothing()
    {
    }
}
