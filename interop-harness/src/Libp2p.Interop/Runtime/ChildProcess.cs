using System.Diagnostics;
using System.Text;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// A node process with bounded output capture: stdout kept up to <see cref="MaxStdoutChars"/>, stderr as its last
/// <see cref="StderrTailLines"/> lines. Killed with its whole tree on dispose.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    public const int MaxStdoutChars = 1024 * 1024;
    public const int StderrTailLines = 40;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly Queue<string> _stderr = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string?> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StderrTail
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public string LastStderrLine
    {
        get
        {
            lock (_gate)
            {
                return _stderr.LastOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
            }
        }
    }

    /// <summary>Starts <paramref name="command"/> with the inherited environment minus <paramref name="remove"/>, plus <paramref name="environment"/>.</summary>
    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, IEnumerable<string> remove, string workingDirectory)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        foreach (string name in remove)
        {
            info.Environment.Remove(name);
        }
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnStderr(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"cannot start '{command[0]}': {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first stdout line, or null when stdout closed first or <paramref name="timeout"/> passed.</summary>
    public async Task<string?> FirstStdoutLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _firstLine.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Waits for exit; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Kills the process tree (if still running) and waits for it and its output to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already reaped, or unkillable within the wait: the result is recorded either way.
        }
        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        _firstLine.TrySetResult(line);
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            if (_stdout.Length + line.Length + 1 <= MaxStdoutChars)
            {
                _stdout.Append(line).Append('\n');
            }
        }
    }

    private void OnStderr(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _stderr.Enqueue(line.Length > 2000 ? line[..2000] : line);
            while (_stderr.Count > StderrTailLines)
            {
                _stderr.Dequeue();
            }
        }
    }
}
