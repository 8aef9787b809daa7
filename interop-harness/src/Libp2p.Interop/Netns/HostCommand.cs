using System.Diagnostics;

namespace Libp2p.Interop.Netns;

/// <summary>Runs a short administrative command (<c>ip</c>, <c>iptables</c>) to completion with a timeout; non-zero exit is a <see cref="NetnsException"/>.</summary>
internal static class HostCommand
{
    private const int MaxCapturedChars = 16 * 1024;

    public static async Task<string> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new NetnsException($"cannot start {command[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NetnsException($"cannot start {command[0]}: {e.Message}", e);
        }
        using (process)
        {
            Task<string> stdout = ReadBoundedAsync(process.StandardOutput);
            Task<string> stderr = ReadBoundedAsync(process.StandardError);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                try
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Unkillable within the wait: report the original timeout below.
                }
                cancellationToken.ThrowIfCancellationRequested();
                throw new NetnsException($"'{string.Join(' ', command)}' did not finish within {timeout.TotalSeconds:0} s");
            }
            string error = (await stderr.ConfigureAwait(false)).Trim();
            string output = await stdout.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new NetnsException($"'{string.Join(' ', command)}' exited with code {process.ExitCode}: {error}");
            }
            return output;
        }
    }

    // Reads to the end but keeps only the first MaxCapturedChars, so a chatty command cannot grow memory.
    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new System.Text.StringBuilder();
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            int take = Math.Min(read, MaxCapturedChars - kept.Length);
            if (take > 0)
            {
                kept.Append(buffer, 0, take);
            }
        }
        return kept.ToString();
    }
}
