using System.Globalization;
using System.Text;
using System.Text.Json;
using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>multiformats/multiaddr vectors: test/multiaddr.feature, README and http-path examples, protocols.csv.</summary>
public sealed class MultiaddrVectorTests
{
    private static IEnumerable<TestCaseData> FeatureScenarios()
        => GherkinScenario.ReadAll(VectorFiles.Path("multiaddr/multiaddr.feature")).Select(s => new TestCaseData(s).SetName($"Feature: {s.Name}"));

    /// <summary>Each scenario's packed/string forms, sizes and per-component columns match exactly.</summary>
    [TestCaseSource(nameof(FeatureScenarios))]
    [Requirement("MADDR-VEC-001")]
    [Requirement("MADDR-BIN-001")]
    [Requirement("MADDR-BIN-002")]
    [Requirement("MADDR-TXT-001")]
    public void FeatureScenario_Matches(GherkinScenario scenario)
    {
        Multiaddr addr = scenario.Given.StartsWith("0x", StringComparison.Ordinal)
            ? Multiaddr.FromBytes(VectorFiles.FromHex(scenario.Given))
            : Multiaddr.Parse(scenario.Given);
        Assert.That(scenario.Components, Is.Not.Empty);
        if (scenario.PackedForm is not null)
        {
            Assert.That("0x" + VectorFiles.Hex(addr.Bytes.Span), Is.EqualTo(scenario.PackedForm));
        }
        if (scenario.StringForm is not null)
        {
            Assert.That(addr.ToString(), Is.EqualTo(scenario.StringForm));
        }
        if (scenario.PackedSize is int packedSize)
        {
            Assert.That(addr.Bytes.Length, Is.EqualTo(packedSize));
        }
        if (scenario.StringSize is int stringSize)
        {
            Assert.That(Encoding.UTF8.GetByteCount(addr.ToString()), Is.EqualTo(stringSize));
        }
        Assert.That(addr.Components, Has.Count.EqualTo(scenario.Components.Count));
        for (int i = 0; i < scenario.Components.Count; i++)
        {
            IReadOnlyDictionary<string, string> row = scenario.Components[i];
            MultiaddrComponent c = addr.Components[i];
            int valueLength = c.ValueBytes.Length;
            int prefixLength = c.Bytes.Length - valueLength - Varint.GetLength(c.Code);
            Assert.Multiple(() =>
            {
                Assert.That(c.ToString(), Is.EqualTo(row["string"]));
                Assert.That(Encoding.UTF8.GetByteCount(c.ToString()), Is.EqualTo(int.Parse(row["stringSize"], CultureInfo.InvariantCulture)));
                Assert.That("0x" + VectorFiles.Hex(c.Bytes.Span), Is.EqualTo(row["packed"]));
                Assert.That(c.Bytes.Length, Is.EqualTo(int.Parse(row["packedSize"], CultureInfo.InvariantCulture)));
                Assert.That(c.Value, Is.EqualTo(row["value"]));
                Assert.That(valueLength, Is.EqualTo(int.Parse(row["valueSize"], CultureInfo.InvariantCulture)));
                Assert.That(c.Name, Is.EqualTo(row["protocol"]));
                Assert.That(c.Code, Is.EqualTo(ulong.Parse(row["codec"], CultureInfo.InvariantCulture)));
                Assert.That("0x" + VectorFiles.Hex(c.Bytes.Span[..Varint.GetLength(c.Code)]), Is.EqualTo(row["uvarint"]));
                Assert.That(prefixLength == 0 ? string.Empty : "0x" + VectorFiles.Hex(c.Bytes.Span.Slice(Varint.GetLength(c.Code), prefixLength)), Is.EqualTo(row["lengthPrefix"]));
                Assert.That("0x" + VectorFiles.Hex(c.ValueBytes.Span), Is.EqualTo(row["rawValue"]));
            });
        }
    }

    /// <summary>README "Specification": /ip4/127.0.0.1/udp/1234 is 0x4 0x7f 0x0 0x0 0x1 0x91 0x2 0x4 0xd2.</summary>
    [Test]
    [Requirement("MADDR-BIN-001")]
    [Requirement("MADDR-TXT-002")]
    public void ReadmeExample_RoundTrips()
    {
        using JsonDocument doc = JsonDocument.Parse(VectorFiles.ReadAllText("multiaddr/spec-examples.json"));
        JsonElement example = doc.RootElement.GetProperty("readmeSpecificationExample");
        string text = example.GetProperty("humanReadable").GetString()!;
        byte[] bytes = example.GetProperty("machineReadableAsWritten").GetString()!
            .Split(' ').Select(b => Convert.ToByte(b[2..], 16)).ToArray();
        Assert.That(Multiaddr.Parse(text).ToBytes(), Is.EqualTo(bytes));
        Assert.That(Multiaddr.FromBytes(bytes).ToString(), Is.EqualTo(text));
    }

    private static IEnumerable<TestCaseData> HttpPathExamples()
    {
        using JsonDocument doc = JsonDocument.Parse(VectorFiles.ReadAllText("multiaddr/spec-examples.json"));
        foreach (JsonElement item in doc.RootElement.GetProperty("httpPathExamples").GetProperty("examples").EnumerateArray())
        {
            if (item.TryGetProperty("multiaddrString", out JsonElement text))
            {
                string path = item.GetProperty("httpPath").GetString()!;
                yield return new TestCaseData(path, text.GetString()).SetName($"http-path {path}");
            }
        }
    }

    /// <summary>protocols/httppath.md examples: the string form is the percent-encoded path segment; binary holds it unencoded.</summary>
    [TestCaseSource(nameof(HttpPathExamples))]
    [Requirement("MADDR-TXT-009")]
    [Requirement("MADDR-TXT-002")]
    public void HttpPathExample_RoundTrips(string httpPath, string text)
    {
        Multiaddr addr = Multiaddr.Parse(text);
        // The table writes absolute paths with their leading '/', which the segment leaves implied.
        string expectedValue = httpPath.StartsWith('/') ? httpPath[1..] : httpPath;
        Assert.That(Encoding.UTF8.GetString(addr.Components[0].ValueBytes.Span), Is.EqualTo(expectedValue));
        Assert.That(addr.ToString(), Is.EqualTo(text));
        Assert.That(Multiaddr.FromBytes(addr.ToBytes()), Is.EqualTo(addr));
    }

    /// <summary>protocols/unix.md examples.</summary>
    [TestCase("/", "/unix/%2F")]
    [TestCase("/file.socket", "/unix/%2Ffile.socket")]
    [TestCase("/dir/file.socket", "/unix/%2Fdir%2Ffile.socket")]
    [TestCase("/tmp/foo/../bar", "/unix/%2Ftmp%2Ffoo%2F..%2Fbar")]
    // unix.md lists this row as path "/%2F", but its string form decodes to "%2F": the table drops the leading %2F.
    [TestCase("%2F", "/unix/%252F")]
    [TestCase("/%2F", "/unix/%2F%252F")]
    [TestCase("/a%20space", "/unix/%2Fa%2520space")]
    [TestCase("socket", "/unix/socket")]
    [Requirement("MADDR-TXT-009")]
    public void UnixExample_RoundTrips(string path, string text)
    {
        Multiaddr addr = Multiaddr.Parse(text);
        Assert.That(Encoding.UTF8.GetString(addr.Components[0].ValueBytes.Span), Is.EqualTo(path));
        Assert.That(addr.ToString(), Is.EqualTo(text));
        Assert.That(Multiaddr.Parse(text.Replace("%2F", "%2f", StringComparison.Ordinal)), Is.EqualTo(addr), "lower-case escapes are accepted");
    }

    /// <summary>The protocol table equals protocols.csv (code, size, name), row for row.</summary>
    [Test]
    [Requirement("MADDR-CODE-001")]
    [Requirement("MADDR-CODE-002")]
    public void ProtocolTable_EqualsProtocolsCsv()
    {
        var rows = File.ReadLines(VectorFiles.Path("multiaddr/protocols.csv")).Skip(1)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => l.Split(',', 4).Select(c => c.Trim()).ToArray())
            .Select(c => (Code: ulong.Parse(c[0], CultureInfo.InvariantCulture), Size: c[1] == "V" ? MultiaddrProtocol.VariableSize : int.Parse(c[1], CultureInfo.InvariantCulture), Name: c[2]))
            .ToList();
        var table = MultiaddrProtocol.All.Select(p => (p.Code, p.Size, p.Name)).ToList();
        Assert.That(table, Is.EqualTo(rows));
        Assert.That(MultiaddrProtocol.TryGetByCode(421, out MultiaddrProtocol? p2p) && p2p.Name == "p2p", Is.True);
        foreach (var row in rows)
        {
            Assert.That(Multicodec.TryGet(row.Code, out MulticodecEntry entry) && entry.Tag is "multiaddr" or "libp2p", Is.True, $"{row.Name} is a multiaddr code in the multicodec table");
        }
    }

    /// <summary>Size rules: fixed values have no prefix, variable values a varint length, flags only a code.</summary>
    [TestCase("/ip6/::1/tcp/1", "29000000000000000000000000000000010600" + "01")]
    [TestCase("/dns4/a.b/tcp/1", "3603612e62060001")]
    [TestCase("/ip4/1.2.3.4/udp/1/quic-v1/webtransport", "04010203049102" + "0001" + "cd03" + "d103")]
    [TestCase("/dns/x/tls/sni/x/ws/p2p-circuit/noise/http", "350178" + "c003" + "c1030178" + "dd03" + "a202" + "c603" + "e003")]
    [TestCase("/ipfs/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "a503221220")]
    [Requirement("MADDR-BIN-002")]
    [Requirement("MADDR-BIN-003")]
    [Requirement("MADDR-BIN-004")]
    [Requirement("MADDR-TXT-007")]
    public void SizeRules_Hold(string text, string hexPrefix)
    {
        Multiaddr addr = Multiaddr.Parse(text);
        string hex = VectorFiles.Hex(addr.Bytes.Span);
        if (!text.StartsWith("/ipfs", StringComparison.Ordinal))
        {
            Assert.That(hex, Is.EqualTo(hexPrefix));
        }
        else
        {
            // p2p code 421 (a5 03), varint length 34, then the sha2-256 multihash 12 20 ...
            Assert.That(hex, Does.StartWith(hexPrefix));
            Assert.That(addr.ToString(), Is.EqualTo(text.Replace("/ipfs/", "/p2p/", StringComparison.Ordinal)));
            Assert.That(addr.GetPeerIdMultihash(), Is.EqualTo(Base58.Decode("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")));
        }
    }
}
