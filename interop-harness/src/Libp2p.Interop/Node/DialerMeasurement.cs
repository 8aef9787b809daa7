using System.Globalization;

namespace Libp2p.Interop.Node;

/// <summary>
/// What a transport-interop dialer reports: handshake plus one round trip, and the ping RTT, in milliseconds
/// (docs/TEST-PLANS.md §1.1 "Dialer stdout", §1.6 "Results Schema").
/// </summary>
public readonly record struct DialerMeasurement(double HandshakePlusOneRttMillis, double PingRttMillis)
{
    /// <summary>The test-plans line; the key really is spelled <c>pingRTTMilllis</c> (three l's), as upstream parsers require.</summary>
    public string ToTestPlansJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"handshakePlusOneRTTMillis\": {Format(HandshakePlusOneRttMillis)}, \"pingRTTMilllis\": {Format(PingRttMillis)}}}");

    /// <summary>The unified-testing YAML <c>latency:</c> block.</summary>
    public string ToUnifiedYaml() => string.Create(CultureInfo.InvariantCulture,
        $"latency:\n  handshake_plus_one_rtt: {Format(HandshakePlusOneRttMillis)}\n  ping_rtt: {Format(PingRttMillis)}\n  unit: ms\n");

    /// <summary>The output for <paramref name="contract"/>.</summary>
    public string Format(NodeContract contract) => contract == NodeContract.Unified ? ToUnifiedYaml() : ToTestPlansJson() + "\n";

    private static string Format(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
