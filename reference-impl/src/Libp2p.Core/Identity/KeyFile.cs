namespace Libp2p.Core.Identity;

/// <summary>
/// Identity key files: the raw <c>PrivateKey</c> protobuf bytes (peer-ids.md "Keys"), the format of go's
/// p2pd <c>-id</c> flag and of go-libp2p/ipfs key stores.
/// </summary>
public static class KeyFile
{
    /// <summary>Reads a private key file.</summary>
    /// <exception cref="KeyFormatException">The file is larger than a key can be, or its content is not a valid key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PrivateKey Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > KeyProtobuf.MaxEncodedLength)
        {
            throw new KeyFormatException($"key file {path} is {stream.Length} bytes, above the {KeyProtobuf.MaxEncodedLength}-byte limit of a key protobuf");
        }
        var buffer = new byte[(int)stream.Length];
        stream.ReadExactly(buffer);
        try
        {
            return PrivateKey.FromProtobuf(buffer);
        }
        catch (KeyFormatException e)
        {
            throw new KeyFormatException($"key file {path}: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="key"/> as its <c>PrivateKey</c> protobuf, readable by the owner only on Unix.</summary>
    public static void Save(string path, PrivateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        {
            stream.Write(key.ToProtobuf());
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to new files; an overwritten file keeps its old mode otherwise.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
