using System.Globalization;

namespace Libp2p.Interop.Netns;

/// <summary>
/// Link impairment between the two nodes of a netns test, a stand-in for <c>tc netem</c> (absent from this kernel:
/// docs/COMPONENTS.md row 1c). Both apply at each node's ingress from its peer, so every direction gets them and the
/// round trip gains twice <see cref="DelayMs"/>.
/// </summary>
public sealed record NetemOptions
{
    /// <summary>One-way delay added to every packet between the nodes, in milliseconds (0: none).</summary>
    public int DelayMs { get; init; }

    /// <summary>Random loss per direction, in percent (0: none); iptables <c>-m statistic --mode random</c>.</summary>
    public double LossPercent { get; init; }

    /// <summary>The NFQUEUE delay helper (<c>interop-harness/netem/nfq-delay.c</c>, built by <c>cli/install-deps.sh</c>).</summary>
    public string DelayHelper { get; init; } = "nfq-delay";

    /// <summary>True when any impairment is configured.</summary>
    public bool Any => DelayMs > 0 || LossPercent > 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for values the kernel rules cannot express.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(DelayMs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DelayMs, 60_000);
        if (!(LossPercent >= 0 && LossPercent < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(LossPercent), LossPercent, "loss must be in [0, 100)");
        }
    }

    /// <summary>A human summary such as <c>delay 50 ms, loss 1 %</c>, or <c>none</c>.</summary>
    public override string ToString() => Any
        ? string.Create(CultureInfo.InvariantCulture, $"delay {DelayMs} ms, loss {LossPercent} %")
        : "none";
}
