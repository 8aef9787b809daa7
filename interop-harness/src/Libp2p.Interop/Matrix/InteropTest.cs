using Libp2p.Interop.Implementations;

namespace Libp2p.Interop.Matrix;

/// <summary>
/// One cell of the matrix: <see cref="Dialer"/> dials <see cref="Listener"/> over a transport (and, for non-standalone
/// transports, a secure channel and a muxer). Named as upstream's generator does:
/// <c>"&lt;A&gt; x &lt;B&gt; (&lt;transport&gt;, &lt;security&gt;, &lt;muxer&gt;)"</c> or <c>"&lt;A&gt; x &lt;B&gt; (&lt;transport&gt;)"</c>.
/// </summary>
public sealed record InteropTest(Implementation Dialer, Implementation Listener, string Transport, string? Security, string? Muxer)
{
    /// <summary>The upstream-format test name.</summary>
    public string Name => $"{Dialer.Id} x {Listener.Id} ({Options})";

    /// <summary>The option tuple as it appears inside the parentheses of <see cref="Name"/>.</summary>
    public string Options => Security is null ? Transport : $"{Transport}, {Security}, {Muxer}";

    /// <summary>The test timeout: the larger declared by either side, else <paramref name="fallback"/>.</summary>
    public TimeSpan Timeout(TimeSpan fallback)
    {
        int? declared = (Dialer.TimeoutSeconds, Listener.TimeoutSeconds) switch
        {
            (int a, int b) => Math.Max(a, b),
            (int a, null) => a,
            (null, int b) => b,
            _ => null,
        };
        return declared is int seconds ? TimeSpan.FromSeconds(seconds) : fallback;
    }
}
