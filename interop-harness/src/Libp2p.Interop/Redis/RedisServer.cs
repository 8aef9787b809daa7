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

    private RedisServer(Process process, string bindAddress, int port, string directory, string? socketPath)
    {
        _process = process;
        Port = port;
        _directory = directory;
        Address = bindAddress.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{bindAddress}]:{port}")
            : string.Create(CultureInfo.InvariantCulture, $"{bindAddress}:{port}");
        HarnessAddress = socketPath is null ? Address : RespClient.UnixPrefix + socketPath;
    }

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The <c>host:port</c> to hand to nodes (<c>redis_addr</c>).</summary>
    public string Address { get; }

    /// <summary>Where the harness connects: the Unix socket when one was asked for, else <see cref="Address"/>.</summary>
    public string HarnessAddress { get; }

    /// <summary>Starts <paramref name="executable"/> on a free loopback port and waits until it answers <c>PING</c>.</summary>
    public static Task<RedisServer> StartAsync(string executable = "redis-server", TimeSpan? startTimeout = null, CancellationToken cancellationToken = default) =>
        StartAsync(new RedisServerOptions { Executable = executable, StartTimeout = startTimeout ?? TimeSpan.FromSeconds(15) }, cancellationToken);

    /// <summary>Starts a server as <paramref name="options"/> say and waits until it answers <c>PING</c>.</summary>
    public static async Task<RedisServer> StartAsync(RedisServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RespException? last = null;
        // A free port found by binding port 0 can be taken by someone else before redis binds it; retry a few times.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = options.Port ?? FreeLoopbackPort();
            string directory = Directory.CreateTempSubdirectory("interop-redis-").FullName;
            string? socketPath = options.UnixSocket ? Path.Combine(directory, "redis.sock") : null;
            var info = new ProcessStartInfo(options.Prefix.Count > 0 ? options.Prefix[0] : options.Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            var arguments = new List<string>(options.Prefix.Skip(1));
            if (options.Prefix.Count > 0)
            {
                arguments.Add(options.Executable);
            }
            arguments.AddRange(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", options.BindAddress, "--save", "", "--appendonly", "no", "--dir", directory, "--loglevel", "warning", "--daemonize", "no"]);
            if (!IPAddress.IsLoopback(IPAddress.Parse(options.BindAddress)))
            {
                // Only ever bound inside a private network namespace (netns runtime); protected mode would refuse the nodes.
                arguments.AddRange(["--protected-mode", "no"]);
            }
            if (socketPath is not null)
            {
                arguments.AddRange(["--unixsocket", socketPath, "--unixsocketperm", "700"]);
            }
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            Process process;
            try
            {
                process = Process.Start(info) ?? throw new RespException($"cannot start {options.Executable}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Directory.Delete(directory, recursive: true);
                throw new RespException($"cannot start {info.FileName} (install Debian's redis-server): {e.Message}", e);
            }
            // Drain redis' own output so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new RedisServer(process, options.BindAddress, port, directory, socketPath);
            try
            {
                await server.WaitReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
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
                await using RespClient client = await RespClient.ConnectAsync(HarnessAddress, new RespClientOptions { ConnectTimeout = TimeSpan.FromSeconds(2), CommandTimeout = TimeSpan.FromSeconds(2) }, cancellationToken).ConfigureAwait(false);
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
