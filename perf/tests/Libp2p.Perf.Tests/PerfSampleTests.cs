using System.Text.Json;
using CsCheck;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class PerfSampleTests
{
    [Test]
    public void Json_line_has_exactly_the_upstream_fields()
    {
        string line = new PerfSample(PerfSample.Intermediary, 1.0012, 123, 0).ToJsonLine();
        using JsonDocument doc = JsonDocument.Parse(line);
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "type", "timeSeconds", "uploadBytes", "downloadBytes" }));
            Assert.That(doc.RootElement.GetProperty("type").GetString(), Is.EqualTo("intermediary"));
            Assert.That(doc.RootElement.GetProperty("timeSeconds").GetDouble(), Is.EqualTo(1.0012));
            Assert.That(doc.RootElement.GetProperty("uploadBytes").GetInt64(), Is.EqualTo(123));
            Assert.That(line, Does.Not.Contain("\n"));
        });
    }

    [Test]
    public void Round_trips_and_rejects_other_lines()
    {
        var sample = new PerfSample(PerfSample.Final, 0.25, 1, 2);
        Assert.Multiple(() =>
        {
            Assert.That(PerfSample.TryParse(sample.ToJsonLine()), Is.EqualTo(sample));
            Assert.That(PerfSample.TryParse("listening on /ip4/127.0.0.1/tcp/1"), Is.Null);
            Assert.That(PerfSample.TryParse("{\"type\":\"other\",\"timeSeconds\":1,\"uploadBytes\":1,\"downloadBytes\":1}"), Is.Null);
            Assert.That(PerfSample.TryParse("{\"type\":\"final\""), Is.Null);
        });
    }

    [Test]
    public void Garbage_lines_never_throw()
    {
        Gen.String.Sample(s => PerfSample.TryParse(s) is null || PerfSample.TryParse(s)!.Type is PerfSample.Final or PerfSample.Intermediary);
    }
}
