using static Libp2p.Conformance.Tests.TestData;

namespace Libp2p.Conformance.Tests;

public sealed class RequirementCatalogTests
{
    [Test]
    public void Find_matches_ids_exactly()
    {
        Requirement[] catalog = [Req("YAMUX-HDR-001"), Req("YAMUX-HDR-002")];
        Assert.Multiple(() =>
        {
            Assert.That(RequirementCatalog.Find(catalog, "YAMUX-HDR-002"), Is.SameAs(catalog[1]));
            Assert.That(RequirementCatalog.Find(catalog, "yamux-hdr-002"), Is.Null);
            Assert.That(RequirementCatalog.Find(catalog, "YAMUX-HDR-003"), Is.Null);
        });
    }

    [TestCase("YAMUX-FLOW-001", true)]
    [TestCase("PEER-ID-ED25519-012", true)]
    [TestCase("MSS-1-001", false)]
    [TestCase("yamux-flow-001", false)]
    [TestCase("YAMUX-FLOW-01", false)]
    [TestCase("YAMUX001", false)]
    [TestCase("", false)]
    public void Id_shape(string id, bool expected) => Assert.That(RequirementCatalog.IsWellFormedId(id), Is.EqualTo(expected));

    [TestCase("MUST", true)]
    [TestCase("MUST NOT", true)]
    [TestCase("SHOULD", false)]
    [TestCase("SHOULD NOT", false)]
    [TestCase("MAY", false)]
    public void Must_class_levels(string level, bool expected) => Assert.That(RequirementCatalog.IsMustLevel(level), Is.EqualTo(expected));

    [Test]
    public void Generated_catalog_has_unique_well_formed_ids_and_known_levels()
    {
        string[] levels = ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"];
        IReadOnlyList<Requirement> all = RequirementCatalog.All;
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(r => r.Id), Is.Unique);
            Assert.That(all.Where(r => !RequirementCatalog.IsWellFormedId(r.Id)).Select(r => r.Id), Is.Empty);
            Assert.That(all.Where(r => !levels.Contains(r.Level)).Select(r => $"{r.Id}: {r.Level}"), Is.Empty);
            Assert.That(all.Where(r => r.Section.Length == 0 || r.Module.Length == 0).Select(r => r.Id), Is.Empty);
        });
    }
}
