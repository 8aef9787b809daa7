using System.Text;

namespace Libp2p.Idl.Emit;

/// <summary>
/// Writes generated files only when their content changed, so timestamps (and thus incremental builds)
/// move only on real changes.
/// </summary>
public static class OutputWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> unless it already holds exactly that; returns whether it wrote.</summary>
    public static bool WriteIfChanged(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        byte[] bytes = Utf8NoBom.GetBytes(content);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        // Write-then-rename so a concurrent reader never sees a half-written file.
        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return true;
    }

    /// <summary>
    /// Writes every file of <paramref name="files"/> into <paramref name="directory"/> and deletes the
    /// <c>*.g.cs</c> files there that are no longer generated; returns how many files were written or deleted.
    /// </summary>
    public static int SyncDirectory(string directory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(directory);
        int changed = 0;
        foreach (var (name, content) in files)
        {
            changed += WriteIfChanged(Path.Combine(directory, name), content) ? 1 : 0;
        }
        foreach (string stale in Directory.GetFiles(directory, "*.g.cs"))
        {
            if (!files.ContainsKey(Path.GetFileName(stale)))
            {
                File.Delete(stale);
                changed++;
            }
        }
        return changed;
    }
}
