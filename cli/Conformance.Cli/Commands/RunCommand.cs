using System.CommandLine;
using System.Diagnostics;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>run</c>, the README's main job: the conformance suites against the reference target and against js-libp2p (its
/// listener judged from the wire, its daemon through the control protocol) in one report, then the interop matrix on
/// the default implementations. Each step runs as a child process of this same CLI so that one step's failure
/// cannot take the other down; the exit code is non-zero when either step failed.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var workers = new Option<int>("--workers") { Description = "Parallel interop tests", DefaultValueFactory = _ => 2 };
        var command = new Command("run", "Main job: conformance suites (reference, wire:js-v3, daemon:js-v3) + interop matrix (default nodes); writes results/.");
        command.Options.Add(workers);
        command.SetAction((parse, token) => RunAsync(parse.GetValue(workers), token));
        return command;
    }

    private static async Task<int> RunAsync(int workers, CancellationToken cancellationToken)
    {
        (string Title, string[] Args)[] steps =
        [
            ("conformance suites (targets: reference, wire:js-v3, daemon:js-v3)", ["conformance", "--target", "reference", "--target", "wire:js-v3", "--target", "daemon:js-v3"]),
            ("interop matrix (default implementations)", ["interop", "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        ];
        var failed = new List<string>();
        foreach ((string title, string[] args) in steps)
        {
            Console.Error.WriteLine($"== {title}");
            int exit = await RunSelfAsync(args, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                failed.Add($"{title} (exit {exit})");
            }
        }
        Console.WriteLine($"results: {RepoPaths.Combine("results", "conformance", "index.html")}");
        Console.WriteLine($"results: {RepoPaths.Combine("results", "interop", "index.html")}");
        foreach (string failure in failed)
        {
            Console.WriteLine($"failed: {failure}");
        }
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<int> RunSelfAsync(string[] args, CancellationToken cancellationToken)
    {
        // Started as `dotnet conformance.dll` (the ./conformance wrapper) or through the apphost.
        string host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
        }
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the CLI as a child process");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }
}
