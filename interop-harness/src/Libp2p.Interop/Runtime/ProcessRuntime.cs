using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Node;
using Libp2p.Interop.Redis;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// Runs each test as two local processes coordinated through a private Debian <c>redis-server</c> per worker
/// (test-plans' single <c>listenerAddr</c> key cannot be shared by concurrent tests). The harness itself pops the
/// listener's address and hands it to the dialer, so it can tell "never published" and "crashed before publishing"
/// apart, and so test-plans and unified-testing nodes can be paired.
/// </summary>
public sealed class ProcessRuntime(ProcessRuntimeOptions options) : IRuntime
{
    // Contract variables a node must only get from us, never inherited from the harness' own environment.
    private static readonly string[] ContractVariables =
    [
        "transport", "security", "muxer", "is_dialer", "ip", "redis_addr", "test_timeout_seconds", "test_timeout_secs", "version",
        "TRANSPORT", "SECURE_CHANNEL", "SECURITY", "MUXER", "IS_DIALER", "LISTENER_IP", "REDIS_ADDR", "TEST_KEY", "TEST_TIMEOUT_SECONDS", "TEST_TIMEOUT_SECS",
    ];

    private readonly Channel<RedisServer> _servers = Channel.CreateUnbounded<RedisServer>();
    private readonly List<RedisServer> _owned = [];

    /// <inheritdoc />
    public string Name => RuntimeKinds.Process;

    /// <inheritdoc />
    public string? CannotRun(Implementation implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return implementation.Runtime switch
        {
            RuntimeKinds.Process => null,
            RuntimeKinds.Docker => File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is not null
                ? "not run: docker runtime not implemented yet"
                : "not run: no Docker engine",
            RuntimeKinds.Browser => "not run: browser runtime not implemented yet",
            _ => $"not run: unknown runtime '{implementation.Runtime}'",
        };
    }

    /// <inheritdoc />
    public async Task StartAsync(int workers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        for (int i = 0; i < workers; i++)
        {
            RedisServer server = await RedisServer.StartAsync(options.RedisExecutable, cancellationToken: cancellationToken).ConfigureAwait(false);
            _owned.Add(server);
            _servers.Writer.TryWrite(server);
        }
    }

    /// <inheritdoc />
    public async Task<InteropTestResult> RunAsync(InteropTest test, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        RedisServer server = await _servers.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunOnAsync(server, test, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _servers.Writer.TryWrite(server);
        }
    }

    /// <summary>Stops every Redis server this runtime started.</summary>
    public async ValueTask DisposeAsync()
    {
        _servers.Writer.TryComplete();
        foreach (RedisServer server in _owned)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
        _owned.Clear();
    }

    /// <summary>The unified-testing <c>TEST_KEY</c>: first 8 hex chars of sha256 of the test name.</summary>
    public static string TestKey(string testName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(testName)))[..8];

    private async Task<InteropTestResult> RunOnAsync(RedisServer server, InteropTest test, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string testKey = TestKey(test.Name);
        string listenerKey = RedisKey(test.Listener, testKey);
        string dialerKey = RedisKey(test.Dialer, testKey);
        InteropTestResult Fail(string reason, ChildProcess? listener, ChildProcess? dialer, TimeSpan? ready = null, string? address = null) => new()
        {
            Test = test,
            Outcome = InteropOutcome.Failure,
            Reason = reason,
            Duration = clock.Elapsed,
            ListenerReady = ready,
            ListenerAddress = address,
            DialerExitCode = dialer is { HasExited: true } ? dialer.ExitCode : null,
            ListenerExitCode = listener is { HasExited: true } ? listener.ExitCode : null,
            DialerLog = dialer?.StderrTail,
            ListenerLog = listener?.StderrTail,
        };

        await using RespClient redis = await RespClient.ConnectAsync(server.Address, cancellationToken: cancellationToken).ConfigureAwait(false);
        await redis.DelAsync([listenerKey, dialerKey], cancellationToken).ConfigureAwait(false);

        ChildProcess listener;
        try
        {
            listener = ChildProcess.Start(Expand(test.Listener.Command), NodeEnvironment(test, test.Listener, isDialer: false, server, testKey, timeout), ContractVariables, options.RepoRoot);
        }
        catch (InvalidOperationException e)
        {
            return Fail($"listener could not start: {e.Message}", null, null);
        }
        await using (listener.ConfigureAwait(false))
        {
            string? address = null;
            while (address is null && clock.Elapsed < timeout)
            {
                // Sample the exit before popping: a listener that published and then died still published.
                bool exited = listener.HasExited;
                address = await redis.BLPopAsync(listenerKey, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                if (address is null && exited)
                {
                    return Fail($"listener crashed before publishing its address (exit code {listener.ExitCode}): {listener.LastStderrLine}", listener, null);
                }
            }
            if (address is null)
            {
                return Fail(listener.HasExited
                    ? $"listener crashed before publishing its address (exit code {listener.ExitCode}): {listener.LastStderrLine}"
                    : string.Create(CultureInfo.InvariantCulture, $"listener never published its address within {timeout.TotalSeconds:0} s"), listener, null);
            }
            TimeSpan ready = clock.Elapsed;
            await redis.RPushAsync(dialerKey, address, cancellationToken).ConfigureAwait(false);

            ChildProcess dialer;
            try
            {
                dialer = ChildProcess.Start(Expand(test.Dialer.Command), NodeEnvironment(test, test.Dialer, isDialer: true, server, testKey, timeout), ContractVariables, options.RepoRoot);
            }
            catch (InvalidOperationException e)
            {
                return Fail($"dialer could not start: {e.Message}", listener, null, ready, address);
            }
            await using (dialer.ConfigureAwait(false))
            {
                bool exited = await dialer.WaitForExitAsync(timeout + options.DialerGrace, cancellationToken).ConfigureAwait(false);
                string? listenerCrash = listener.HasExited ? $"listener crashed during the test (exit code {listener.ExitCode}): {listener.LastStderrLine}" : null;
                if (!exited)
                {
                    return Fail(Join(listenerCrash, string.Create(CultureInfo.InvariantCulture, $"dialer timed out after {(timeout + options.DialerGrace).TotalSeconds:0} s")), listener, dialer, ready, address);
                }
                if (dialer.ExitCode != 0)
                {
                    return Fail(Join(listenerCrash, $"dialer exited with code {dialer.ExitCode}: {dialer.LastStderrLine}"), listener, dialer, ready, address);
                }
                if (!DialerOutputParser.TryParse(dialer.Stdout, out DialerMeasurement measurement))
                {
                    string stdout = dialer.Stdout.Trim();
                    return Fail(Join(listenerCrash, $"bad output: dialer exited 0 without a handshakePlusOneRTTMillis/pingRTTMilllis result (stdout: '{(stdout.Length > 200 ? stdout[..200] + "..." : stdout)}')"), listener, dialer, ready, address);
                }
                return new InteropTestResult
                {
                    Test = test,
                    Outcome = InteropOutcome.Success,
                    HandshakePlusOneRttMillis = measurement.HandshakePlusOneRttMillis,
                    PingRttMillis = measurement.PingRttMillis,
                    Duration = clock.Elapsed,
                    ListenerReady = ready,
                    ListenerAddress = address,
                    DialerExitCode = 0,
                    DialerLog = dialer.StderrTail,
                    ListenerLog = listener.StderrTail,
                };
            }
        }
    }

    private static string Join(string? first, string second) => first is null ? second : $"{first}; {second}";

    private static string RedisKey(Implementation implementation, string testKey) =>
        implementation.Contract == NodeContract.Unified ? $"{testKey}_listener_multiaddr" : NodeSettings.TestPlansKey;

    private Dictionary<string, string> NodeEnvironment(InteropTest test, Implementation implementation, bool isDialer, RedisServer server, string testKey, TimeSpan timeout)
    {
        var env = new Dictionary<string, string>(implementation.Environment, StringComparer.Ordinal);
        string seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        string dialer = isDialer ? "true" : "false";
        if (implementation.Contract == NodeContract.Unified)
        {
            env["TRANSPORT"] = test.Transport;
            env["IS_DIALER"] = dialer;
            env["REDIS_ADDR"] = server.Address;
            env["TEST_KEY"] = testKey;
            env["LISTENER_IP"] = options.ListenIp;
            env["TEST_TIMEOUT_SECONDS"] = seconds;
            if (test.Security is not null)
            {
                env["SECURE_CHANNEL"] = test.Security;
                env["MUXER"] = test.Muxer!;
            }
        }
        else
        {
            env["transport"] = test.Transport;
            env["is_dialer"] = dialer;
            env["ip"] = options.ListenIp;
            env["redis_addr"] = server.Address;
            env["test_timeout_seconds"] = seconds;
            env["test_timeout_secs"] = seconds;
            env["version"] = implementation.Id;
            if (test.Security is not null)
            {
                env["security"] = test.Security;
                env["muxer"] = test.Muxer!;
            }
        }
        return env;
    }

    private string[] Expand(IReadOnlyList<string> command) =>
        command.Select(part => part
            .Replace("{repo}", options.RepoRoot, StringComparison.Ordinal)
            .Replace("{cli}", part.Contains("{cli}", StringComparison.Ordinal)
                ? options.CliPath ?? throw new InvalidOperationException("the command uses {cli} but no CLI path is known")
                : "", StringComparison.Ordinal))
            .ToArray();
}
