using System.Globalization;
using System.Text.Json;
using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>multiformats/multicodec table.csv and CIDs (multiformats/cid, libp2p/specs peer-ids.md examples).</summary>
public sealed class MulticodecAndCidVectorTests
{
    /// <summary>Every row of the upstream table round-trips name to code and code to name.</summary>
    [Test]
    [Requirement("CID-CODEC-001")]
    public void EveryTableRow_RoundTrips()
    {
        int rows = 0;
        foreach (string line in File.ReadLines(VectorFiles.Path("multicodec-table.csv")).Skip(1))
        {
            string[] cells = line.Split(',', 5);
            if (cells.Length < 4)
            {
                continue;
            }
            string name = cells[0].Trim();
            ulong code = ulong.Parse(cells[2].Trim()[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.That(Multicodec.TryGetCode(name, out ulong fromName), Is.True, name);
            Assert.That(Multicodec.TryGetName(code, out string? fromCode), Is.True, name);
            Assert.That((fromName, fromCode), Is.EqualTo((code, name)));
            Assert.That(Multicodec.TryGet(code, out MulticodecEntry entry) && entry.Tag == cells[1].Trim() && entry.Status == cells[3].Trim(), Is.True, name);
            rows++;
        }
        Assert.That(Multicodec.Entries, Has.Count.EqualTo(rows));
        Assert.That(rows, Is.GreaterThan(500));
    }

    /// <summary>The codes the libp2p stack relies on.</summary>
    [Test]
    [Requirement("CID-FMT-006")]
    [Requirement("CID-CODEC-001")]
    public void StackCodes_AreGeneratedConstants()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Multicodec.Libp2pKey, Is.EqualTo(0x72UL));
            Assert.That(Multicodec.Libp2pPeerRecord, Is.EqualTo(0x0301UL));
            Assert.That(Multicodec.DagPb, Is.EqualTo(0x70UL));
            Assert.That(Multicodec.Raw, Is.EqualTo(0x55UL));
            Assert.That(Multicodec.Identity, Is.EqualTo(0x00UL));
            Assert.That(Multicodec.Sha2_256, Is.EqualTo(0x12UL));
            Assert.That(Multicodec.Cidv1, Is.EqualTo(0x01UL));
        });
    }

    private static IEnumerable<TestCaseData> PeerIdExamples()
    {
        using JsonDocument doc = JsonDocument.Parse(VectorFiles.ReadAllText("peer-id-string-examples.json"));
        foreach (JsonElement item in doc.RootElement.GetProperty("examples").EnumerateArray())
        {
            string text = item.GetProperty("peerIdString").GetString()!;
            yield return new TestCaseData(text).SetName($"PeerIdExample {text[..8]}");
        }
    }

    /// <summary>The spec's peer ID strings parse: "Qm..." as CIDv0/base58 multihash, "bafz..." as CIDv1 libp2p-key, and re-encode identically.</summary>
    [TestCaseSource(nameof(PeerIdExamples))]
    [Requirement("CID-FMT-002")]
    [Requirement("CID-FMT-003")]
    [Requirement("CID-FMT-004")]
    [Requirement("CID-FMT-006")]
    public void PeerIdExample_Parses(string text)
    {
        if (text.StartsWith("Qm", StringComparison.Ordinal))
        {
            Cid v0 = Cid.Parse(text);
            Assert.Multiple(() =>
            {
                Assert.That(v0.Version, Is.Zero);
                Assert.That(v0.Codec, Is.EqualTo(Multicodec.DagPb));
                Assert.That(v0.ToString(), Is.EqualTo(text));
                Assert.That(v0.ToBytes(), Has.Length.EqualTo(34));
            });
        }
        else if (text.StartsWith('b'))
        {
            Cid v1 = Cid.Parse(text);
            Assert.Multiple(() =>
            {
                Assert.That(v1.Version, Is.EqualTo(1));
                Assert.That(v1.Codec, Is.EqualTo(Multicodec.Libp2pKey));
                Assert.That(Multihash.Parse(v1.Multihash.Span, out _), Is.EqualTo(Multihash.Sha2_256));
                Assert.That(v1.ToString(), Is.EqualTo(text));
                Assert.That(Cid.FromBytes(v1.ToBytes()), Is.EqualTo(v1));
            });
        }
        else
        {
            // "12D3KooW...": a bare identity multihash, which is not a CID string at all.
            byte[] multihash = Base58.Decode(text);
            Assert.That(Multihash.Parse(multihash, out ReadOnlySpan<byte> digest), Is.EqualTo(Multihash.Identity));
            Assert.That(digest.Length, Is.EqualTo(36));
            Assert.That(Base58.Encode(Cid.V1(Multicodec.Libp2pKey, multihash).Multihash.Span), Is.EqualTo(text));
        }
    }

    /// <summary>Binary CIDv1 layout: varint version, varint codec, multihash; v0 detection by 0x12 0x20; other versions rejected.</summary>
    [Test]
    [Requirement("CID-FMT-001")]
    [Requirement("CID-FMT-005")]
    public void BinaryLayout_AndVersionDetection()
    {
        byte[] multihash = Multihash.Sum(Multihash.Sha2_256, "abc"u8);
        Cid v1 = Cid.V1(Multicodec.Libp2pKey, multihash);
        Assert.That(v1.ToBytes(), Is.EqualTo(new byte[] { 0x01, 0x72 }.Concat(multihash).ToArray()));
        Cid v0 = Cid.FromBytes(multihash);
        Assert.That(v0.Version, Is.Zero);
        Assert.Throws<CidFormatException>(() => Cid.FromBytes([0x02, 0x72, .. multihash]));
        Assert.Throws<CidFormatException>(() => Cid.FromBytes([0x01, 0x72, .. multihash, 0x00]));
        Assert.Throws<CidFormatException>(() => Cid.FromBytes([0x01, 0x72, 0x12, 0x20, 0x01]));
    }
}
