using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Libp2p.Interop.Redis;

/// <summary>
/// A private Debian <c>redis-server</c> on a free loopback port (no persistence), for the test-plans coordination
/// of one worker. Stopped (killed and awaited) on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The <c>host:port</c> to hand to nodes (<c>redis_addr</c>).</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts <paramref name="executable"/> and waits until it answers <c>PING</c> (up to <paramref name="startTimeout"/>).</summary>
    public static async Task<RedisServer> StartAsync(string executable = "redis-server", TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        TimeSpan timeout = startTimeout ?? TimeSpan.FromSeconds(15);
        RespException? last = null;
        // A free port found by binding port 0 can be taken by someone else before redis binds it; retry a few times.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = FreeLoopbackPort();
            string directory = Directory.CreateTempSubdirectory("interop-redis-").FullName;
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            foreach (string argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--loglevel", "warning", "--daemonize", "no" })
            {
                info.ArgumentList.Add(argument);
            }
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new RespException($"cannot start {executable}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Directory.Delete(directory, recursive: true);
                throw new RespException($"cannot start {executable} (install Debian's redis-server): {e.Message}", e);
            }
            // Drain redis' own output so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, port, directory);
            try
            {
                await server.WaitReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (RespException e)
            {
                last = e;
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        throw new RespException($"redis-server did not start: {last?.Message}", last!);
    }

    /// <summary>Kills the server, waits for it to exit and removes its working directory.</summary>
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
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refused to die within the wait: nothing more a dispose can do.
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new RespException($"redis-server exited with code {_process.ExitCode} on port {Port}");
            }
            try
            {
                await using RespClient client = await RespClient.ConnectAsync(Address, new RespClientOptions { ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(2) }, cancellationToken).ConfigureAwait(false);
                if (await client.PingAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (RespException) when (clock.Elapsed < timeout)
            {
                // Not listening yet.
            }
            if (clock.Elapsed >= timeout)
            {
                throw new RespException($"redis-server on port {Port} did not answer PING within {timeout.TotalSeconds} s");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
