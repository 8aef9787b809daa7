using System.Diagnostics;

namespace Libp2p.Interop.Tests;

/// <summary>Runs <c>conformance interop</c> (the built CLI next to the tests) as a child process with its reports in <c>out</c>.</summary>
internal static class InteropCli
{
    public static async Task<(int Exit, string Stderr, int Pid)> RunAsync(string workDirectory, string implementations, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        info.ArgumentList.Add(TestPaths.CliDll);
        info.ArgumentList.Add("interop");
        info.ArgumentList.Add("--implementations");
        info.ArgumentList.Add(implementations);
        info.ArgumentList.Add("--known-failures");
        info.ArgumentList.Add(Path.Combine(workDirectory, "no-known-failures.yaml"));
        info.ArgumentList.Add("--out");
        info.ArgumentList.Add(Path.Combine(workDirectory, "out"));
        info.ArgumentList.Add("--workers");
        info.ArgumentList.Add("2");
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["CONFORMANCE_REPO_ROOT"] = TestPaths.RepoRoot;
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.Fail("conformance interop did not finish within 5 minutes: " + await stderr);
        }
        await stdout;
        return (process.ExitCode, await stderr, process.Id);
    }

    public static string DefaultImplementations => Path.Combine(TestPaths.RepoRoot, "interop-harness", "implementations.yaml");
}
