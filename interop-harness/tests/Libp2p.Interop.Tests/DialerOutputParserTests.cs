using CsCheck;
using Libp2p.Interop.Node;

namespace Libp2p.Interop.Tests;

public sealed class DialerOutputParserTests
{
    [TestCase("{\"handshakePlusOneRTTMillis\": 12.5, \"pingRTTMilllis\": 0.75}", 12.5, 0.75)]
    [TestCase("starting {not json}\n{\"other\": 1}\nresult {\"handshakePlusOneRTTMillis\":12,\"pingRTTMilllis\":3} trailing", 12, 3)]
    [TestCase("{\n  \"handshakePlusOneRTTMillis\": 40,\n  \"pingRTTMilllis\": 2.5\n}\n", 40, 2.5)]
    [TestCase("{\"a\": {\"b\": 1}, \"handshakePlusOneRTTMillis\": 1e2, \"pingRTTMilllis\": 5}", 100, 5)]
    [TestCase("# Measurements from dialer\nlatency:\n  handshake_plus_one_rtt: 5.011\n  ping_rtt: 0.599\n  unit: ms\n", 5.011, 0.599)]
    public void Finds_the_measurement(string stdout, double handshake, double ping)
    {
        Assert.That(DialerOutputParser.TryParse(stdout, out DialerMeasurement m), Is.True);
        Assert.That(m.HandshakePlusOneRttMillis, Is.EqualTo(handshake).Within(1e-9));
        Assert.That(m.PingRttMillis, Is.EqualTo(ping).Within(1e-9));
    }

    [TestCase("")]
    [TestCase("{\"handshakePlusOneRTTMillis\": 12, \"pingRTTMillis\": 3}")]
    [TestCase("{\"handshakePlusOneRTTMillis\": \"12\", \"pingRTTMilllis\": 3}")]
    [TestCase("{\"handshakePlusOneRTTMillis\": 12, \"pingRTTMilllis\": 3")]
    [TestCase("latency:\n  ping_rtt: 1\n")]
    [TestCase("{\"handshakePlusOneRTTMillis\": 1e999, \"pingRTTMilllis\": 3}")]
    public void Rejects_output_without_both_numeric_keys(string stdout) =>
        Assert.That(DialerOutputParser.TryParse(stdout, out _), Is.False);

    [Test]
    public void Formats_round_trip_through_the_parser()
    {
        Gen.Select(Gen.Double[0, 1e6], Gen.Double[0, 1e6], Gen.Bool).Sample((h, p, unified) =>
        {
            var measurement = new DialerMeasurement(h, p);
            string text = measurement.Format(unified ? NodeContract.Unified : NodeContract.TestPlans);
            Assert.That(DialerOutputParser.TryParse("noise\n" + text, out DialerMeasurement back), Is.True);
            Assert.That(back.HandshakePlusOneRttMillis, Is.EqualTo(Math.Round(h, 3)).Within(1e-6));
            Assert.That(back.PingRttMillis, Is.EqualTo(Math.Round(p, 3)).Within(1e-6));
        });
        Assert.That(new DialerMeasurement(1, 2).ToTestPlansJson(), Is.EqualTo("{\"handshakePlusOneRTTMillis\": 1, \"pingRTTMilllis\": 2}"));
    }

    [Test]
    public void Arbitrary_output_never_throws() =>
        Gen.String[Gen.Char["{}[]\":,.-+eE0123456789 \nabclatency_pingRTTMilllis"], 0, 300].Sample(text =>
        {
            try
            {
                DialerOutputParser.TryParse(text, out _);
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message} for input '{text}'");
            }
        }, iter: 2000);
}
