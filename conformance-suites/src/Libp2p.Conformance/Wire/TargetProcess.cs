using System.Diagnostics;
using System.Text;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// A wire target's listener (or a daemon target's daemon) running as a child process: started from a
/// <see cref="WireTargetRecipe"/> command, ready once its ready line appeared on stdout (by default a TCP listen
/// address with <c>/p2p/</c>; for a daemon its <c>Control socket:</c> line); stderr is kept (last lines) for
/// diagnostics. Disposing kills the process tree.
/// </summary>
public sealed class TargetProcess : IAsyncDisposable
{
    private const int TailLines = 30;
    private readonly Process _process;
    private readonly Queue<string> _stderr = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TargetProcess(Process process) => _process = process;

    /// <summary>The listen address the process printed.</summary>
    public string Address => _address.Task.IsCompletedSuccessfully ? _address.Task.Result : string.Empty;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The last lines the process wrote on stderr.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> and waits (at most <paramref name="timeout"/>) for its ready line;
    /// throws <see cref="InvalidOperationException"/> with the stderr tail when it exits or stays silent.
    /// </summary>
    /// <param name="command">Program and arguments.</param>
    /// <param name="workingDirectory">Where the process runs.</param>
    /// <param name="timeout">Limit for the ready line.</param>
    /// <param name="cancellationToken">Cancels the wait (the process is then killed).</param>
    /// <param name="readyLine">
    /// Maps a trimmed stdout line to the address it announces, or null when the line is not the ready line; default
    /// <see cref="TcpListenAddress"/>.
    /// </param>
    public static async Task<TargetProcess> StartAsync(
        IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, Func<string, string?>? readyLine = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        readyLine ??= TcpListenAddress;
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var listener = new TargetProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            string? line = e.Data?.Trim();
            if (line is not null && readyLine(line) is { } address)
            {
                listener._address.TrySetResult(address);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (listener._stderr)
            {
                if (listener._stderr.Count == TailLines)
                {
                    listener._stderr.Dequeue();
                }
                listener._stderr.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => listener._address.TrySetException(
            new InvalidOperationException($"the process exited before printing its ready line: {listener.StderrTail}"));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{command[0]}': {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listener._address.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw e is TimeoutException
                ? new InvalidOperationException($"the process printed no ready line within {timeout.TotalSeconds:0} s: {listener.StderrTail}", e)
                : e;
        }
        return listener;
    }

    /// <summary>The default ready line: a TCP (not WebSocket) listen address carrying <c>/p2p/</c>.</summary>
    public static string? TcpListenAddress(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.StartsWith('/') && line.Contains("/tcp/", StringComparison.Ordinal)
            && line.Contains("/p2p/", StringComparison.Ordinal) && !line.Contains("/ws", StringComparison.Ordinal) ? line : null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            // The tree did not die within the grace period; nothing more we can do than report via the caller.
        }
        _process.Dispose();
    }
}
