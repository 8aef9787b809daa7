using System.CommandLine;
using System.Diagnostics;

namespace Conformance.Cli.Commands;

/// <summary><c>test</c>: runs every test project of the solution and prints the CI summary line.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "dotnet test filter expression (e.g. FullyQualifiedName~Yamux)" };
        var command = new Command("test", "Build and run all test projects; ends with 'N passed, N failed, N skipped'.");
        command.Options.Add(filter);
        command.SetAction(parse => Run(parse.GetValue(filter)));
        return command;
    }

    private static int Run(string? filter)
    {
        string script = RepoPaths.Combine(".ci", "test.sh");
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false };
        psi.ArgumentList.Add(script);
        if (!string.IsNullOrEmpty(filter))
        {
            psi.ArgumentList.Add(filter);
        }
        using Process process = Process.Start(psi)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
