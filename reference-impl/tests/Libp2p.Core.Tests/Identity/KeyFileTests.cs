using Libp2p.Core.Identity;

namespace Libp2p.Core.Tests.Identity;

public sealed class KeyFileTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("identity-keyfile-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Saved_keys_load_back_identically_and_are_owner_only()
    {
        foreach (PrivateKey key in KeyPool.All)
        {
            string path = Path.Combine(_directory, $"{key.Type}.key");
            File.WriteAllText(path, "previous content");

            KeyFile.Save(path, key);

            Assert.That(File.ReadAllBytes(path), Is.EqualTo(key.ToProtobuf()));
            Assert.That(KeyFile.Load(path).ToProtobuf(), Is.EqualTo(key.ToProtobuf()));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }
    }

    [Test]
    public void Oversize_and_invalid_files_are_key_format_errors()
    {
        string big = Path.Combine(_directory, "big.key");
        File.WriteAllBytes(big, new byte[KeyProtobuf.MaxEncodedLength + 1]);
        string bad = Path.Combine(_directory, "bad.key");
        File.WriteAllBytes(bad, [0x08, 0x01, 0x12, 0x02, 1, 2]);

        Assert.That(Assert.Throws<KeyFormatException>(() => KeyFile.Load(big))!.Message, Does.Contain("limit"));
        Assert.That(Assert.Throws<KeyFormatException>(() => KeyFile.Load(bad))!.Message, Does.Contain(bad));
        Assert.Throws<FileNotFoundException>(() => KeyFile.Load(Path.Combine(_directory, "missing.key")));
    }
}
