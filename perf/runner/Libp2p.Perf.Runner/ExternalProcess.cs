using System.Diagnostics;

namespace Libp2p.Perf.Runner;

/// <summary>A child process whose stdout lines are collected (and optionally observed); killed with its tree on dispose.</summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 100_000;
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Action<string>? _onLine;

    private ExternalProcess(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    /// <summary>Process ID.</summary>
    public int Id => _process.Id;

    /// <summary>Stdout lines so far.</summary>
    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    /// <summary>The last stderr lines, for error messages.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr.TakeLast(15));
            }
        }
    }

    /// <summary>Starts <paramref name="command"/> with <paramref name="arguments"/>.</summary>
    public static ExternalProcess Start(string command, IEnumerable<string> arguments, string? workingDirectory = null, Action<string>? onLine = null)
    {
        var psi = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        // A runner started under dotnet-trace must not pass its diagnostic port on: the child would wait for a tracer.
        psi.Environment.Remove("DOTNET_DiagnosticPorts");
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = psi };
        var wrapper = new ExternalProcess(process, onLine);
        process.OutputDataReceived += (_, e) => wrapper.Add(wrapper._stdout, e.Data, true);
        process.ErrorDataReceived += (_, e) => wrapper.Add(wrapper._stderr, e.Data, false);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {command}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    /// <summary>Waits for exit; returns the exit code, or null when <paramref name="timeout"/> passed first (the process is then killed).</summary>
    public async Task<int?> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            return null;
        }
    }

    /// <summary>Waits until a stdout line satisfies <paramref name="predicate"/>; throws on timeout or exit.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(() => Stdout, predicate, timeout, cancellationToken);

    /// <summary>Waits until a stderr line satisfies <paramref name="predicate"/> (e.g. a server's "listening on"); throws on timeout or exit.</summary>
    public Task<string> WaitForStderrLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForAsync(() =>
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }, predicate, timeout, cancellationToken);

    private async Task<string> WaitForAsync(Func<IReadOnlyList<string>> lines, Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            string? line = lines().FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"process exited with {_process.ExitCode}: {StderrTail}");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"no expected output within {timeout.TotalSeconds} s: {StderrTail}");
    }

    /// <summary>Kills the process tree (idempotent).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL for 10 s is beyond our control; do not hang the run.
        }
        _process.Dispose();
    }

    private void Add(List<string> lines, string? line, bool observe)
    {
        if (line is null)
        {
            return;
        }
        lock (lines)
        {
            if (lines.Count < MaxKeptLines)
            {
                lines.Add(line);
            }
        }
        if (observe)
        {
            _onLine?.Invoke(line);
        }
    }
}
