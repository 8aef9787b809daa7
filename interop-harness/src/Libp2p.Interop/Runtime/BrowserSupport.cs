namespace Libp2p.Interop.Runtime;

/// <summary>
/// Whether the browser column can run here: Debian's Chromium, the <c>containers/js-browser</c> npm tree
/// (playwright-core, esbuild, js-libp2p), and root for the private network namespace the browser always runs in
/// (docs/REAL-PEERS.md "js-libp2p in Chromium").
/// </summary>
public static class BrowserSupport
{
    /// <summary>The browser binary the launcher drives (<c>executablePath</c>; playwright-core downloads nothing).</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Null when a browser test can run; otherwise its "not run: ..." reason.</summary>
    public static string? CannotRun(string repoRoot)
    {
        ArgumentNullException.ThrowIfNull(repoRoot);
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return "not run: the browser runs inside a private network namespace, which needs root on Linux";
        }
        if (!File.Exists(Chromium))
        {
            return $"not run: {Chromium} is missing (cli/install-deps.sh installs Debian's chromium)";
        }
        if (!Directory.Exists(Path.Combine(repoRoot, "containers", "js-browser", "node_modules", "playwright-core")))
        {
            return "not run: containers/js-browser is not installed (cli/install-deps.sh runs npm ci there)";
        }
        return null;
    }
}
