using Libp2p.Idl.Emit;

namespace Libp2p.Idl.Tests;

/// <summary>Outputs are rewritten only on change, so incremental builds stay incremental.</summary>
public sealed class OutputWriterTests
{
    [Test]
    public void Write_if_changed_skips_identical_content_and_replaces_different_content()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            string path = Path.Combine(dir, "nested", "a.g.cs");
            Assert.That(OutputWriter.WriteIfChanged(path, "one"), Is.True);
            var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, old);
            Assert.That(OutputWriter.WriteIfChanged(path, "one"), Is.False);
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(old));
            Assert.That(OutputWriter.WriteIfChanged(path, "two"), Is.True);
            Assert.That(File.ReadAllText(path), Is.EqualTo("two"));
            Assert.That(Directory.GetFiles(Path.Combine(dir, "nested")), Has.Length.EqualTo(1), "no temporary file is left behind");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Sync_directory_removes_only_stale_generated_files()
    {
        string dir = TestPaths.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "Stale.g.cs"), "x");
            File.WriteAllText(Path.Combine(dir, "keep.txt"), "x");
            int changed = OutputWriter.SyncDirectory(dir, new Dictionary<string, string> { ["A.g.cs"] = "a" });
            Assert.That(changed, Is.EqualTo(2));
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "A.g.cs", "keep.txt" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
