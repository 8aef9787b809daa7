using Libp2p.Conformance.Results;
using Libp2p.Conformance.Tests.Samples;

namespace Libp2p.Conformance.Tests;

public sealed class RequirementTagIndexTests
{
    private static readonly RequirementTagIndex Index = RequirementTagIndex.FromAssemblies([typeof(SampleMuxerSuite).Assembly]);

    [Test]
    public void Methods_inherited_from_an_abstract_suite_carry_its_tags_and_the_class_tags()
    {
        Assert.That(Index.Lookup(typeof(SampleTlsSuite).FullName!, "Version_is_zero"),
            Is.EqualTo(new[] { "MUXER-CLASS-001", "TLS-CERT-001", "YAMUX-HDR-001" }));
    }

    [Test]
    public void Overrides_add_to_the_tags_of_the_base_method()
    {
        Assert.That(Index.Lookup(typeof(SampleYamuxSuite).FullName!, "Window_is_respected"),
            Is.EqualTo(new[] { "MUXER-CLASS-001", "YAMUX-FLOW-001", "YAMUX-FLOW-002", "YAMUX-FLOW-003" }));
    }

    [Test]
    public void Parameterised_test_names_map_to_their_method()
    {
        Assert.That(Index.Lookup(typeof(SampleTlsSuite).FullName!, "Window_is_respected(65536)"),
            Is.EqualTo(new[] { "MUXER-CLASS-001", "TLS-CERT-001", "YAMUX-FLOW-001", "YAMUX-FLOW-002" }));
    }

    [Test]
    public void NUnit_property_form_is_recognised()
    {
        Assert.That(Index.Lookup(typeof(SampleYamuxSuite).FullName!, "Ping_is_answered"), Does.Contain("YAMUX-PING-001"));
    }

    [Test]
    public void Untagged_methods_get_only_class_tags_and_untagged_classes_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Index.Lookup(typeof(SampleYamuxSuite).FullName!, "Untagged_helper"), Is.EqualTo(new[] { "MUXER-CLASS-001" }));
            Assert.That(Index.Lookup(typeof(SampleUntagged).FullName!, "Nothing"), Is.Empty);
            Assert.That(Index.Lookup("No.Such.Class", "Nothing"), Is.Empty);
        });
    }

    [TestCase("Parse(1,\"a\")", "Parse")]
    [TestCase("Parse", "Parse")]
    [TestCase("Ns.Fixture(\"tcp\")", "Ns.Fixture")]
    [TestCase("Parse()", "Parse")]
    public void Arguments_are_stripped(string name, string expected) =>
        Assert.That(RequirementTagIndex.StripArguments(name), Is.EqualTo(expected));

    [Test]
    public void Parameterised_fixture_class_names_map_to_the_type()
    {
        Assert.That(Index.Lookup(typeof(SampleTlsSuite).FullName + "(\"tcp\")", "Version_is_zero"), Does.Contain("TLS-CERT-001"));
    }

    [Test]
    public void Assembly_loaded_from_file_in_its_own_context_maps_the_same()
    {
        RequirementTagIndex fromFile = RequirementTagIndex.FromFiles([typeof(SampleMuxerSuite).Assembly.Location]);
        Assert.Multiple(() =>
        {
            Assert.That(fromFile.Warnings, Is.Empty);
            Assert.That(fromFile.Lookup(typeof(SampleYamuxSuite).FullName!, "Window_is_respected(1)"),
                Is.EqualTo(Index.Lookup(typeof(SampleYamuxSuite).FullName!, "Window_is_respected")));
            Assert.That(fromFile.Lookup(typeof(SampleTlsSuite).FullName!, "Ping_is_answered"),
                Is.EqualTo(new[] { "MUXER-CLASS-001", "TLS-CERT-001", "YAMUX-PING-001" }));
        });
    }

    [Test]
    public void Missing_assembly_is_a_warning_not_a_crash()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".dll");
        RequirementTagIndex index = RequirementTagIndex.FromFiles([path]);
        Assert.That(index.Warnings, Has.Count.EqualTo(1).And.Some.Contains("not found"));
    }

    [Test]
    public void Non_assembly_file_is_a_warning_not_a_crash()
    {
        string path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".dll");
        File.WriteAllText(path, "not a PE file");
        try
        {
            RequirementTagIndex index = RequirementTagIndex.FromFiles([path]);
            Assert.That(index.Warnings, Has.Count.EqualTo(1).And.Some.Contains("cannot load"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
