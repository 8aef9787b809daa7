using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Node;
using Libp2p.Interop.Redis;
using Libp2p.Interop.Results;

namespace Libp2p.Interop.Runtime;

/// <summary>
/// Runs one test on a site, as test-plans' compose runner does but with the harness in the middle: start the listener,
/// pop its address from Redis (so "never published" and "crashed before publishing" are told apart, and test-plans and
/// unified-testing nodes can be paired), hand it to the dialer under the dialer's key, wait for the dialer and parse
/// its result (docs/TEST-PLANS.md §1.1).
/// </summary>
internal static class TestDriver
{
    // Contract variables a node must only get from us, never inherited from the harness' own environment.
    private static readonly string[] ContractVariables =
    [
        "transport", "security", "muxer", "is_dialer", "ip", "redis_addr", "test_timeout_seconds", "test_timeout_secs", "version",
        "TRANSPORT", "SECURE_CHANNEL", "SECURITY", "MUXER", "IS_DIALER", "LISTENER_IP", "REDIS_ADDR", "TEST_KEY", "TEST_TIMEOUT_SECONDS", "TEST_TIMEOUT_SECS",
    ];

    /// <summary>The unified-testing <c>TEST_KEY</c>: first 8 hex chars of sha256 of the test name.</summary>
    public static string TestKey(string testName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(testName)))[..8];

    public static async Task<InteropTestResult> RunAsync(ITestSite site, InteropTest test, TimeSpan timeout, ProcessRuntimeOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string testKey = TestKey(test.Name);
        string listenerKey = RedisKey(test.Listener, testKey);
        string dialerKey = RedisKey(test.Dialer, testKey);
        InteropTestResult Fail(string reason, ChildProcess? listener, ChildProcess? dialer, TimeSpan? ready = null, string? address = null) => new()
        {
            Test = test,
            Outcome = InteropOutcome.Failure,
            Reason = site.Fault is string fault ? $"{fault}; {reason}" : reason,
            Duration = clock.Elapsed,
            ListenerReady = ready,
            ListenerAddress = address,
            DialerExitCode = dialer is { HasExited: true } ? dialer.ExitCode : null,
            ListenerExitCode = listener is { HasExited: true } ? listener.ExitCode : null,
            DialerLog = dialer?.StderrTail,
            ListenerLog = listener?.StderrTail,
        };

        await using RespClient redis = await RespClient.ConnectAsync(site.HarnessRedisAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        await redis.DelAsync([listenerKey, dialerKey], cancellationToken).ConfigureAwait(false);

        ChildProcess listener;
        try
        {
            listener = ChildProcess.Start(site.Wrap(Expand(test.Listener.Command, options), isDialer: false), NodeEnvironment(test, test.Listener, isDialer: false, site, testKey, timeout), ContractVariables, options.RepoRoot);
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
                dialer = ChildProcess.Start(site.Wrap(Expand(test.Dialer.Command, options), isDialer: true), NodeEnvironment(test, test.Dialer, isDialer: true, site, testKey, timeout), ContractVariables, options.RepoRoot);
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

    internal static string Join(string? first, string second) => first is null ? second : $"{first}; {second}";

    internal static string RedisKey(Implementation implementation, string testKey) =>
        implementation.Contract == NodeContract.Unified ? $"{testKey}_listener_multiaddr" : NodeSettings.TestPlansKey;

    internal static Dictionary<string, string> NodeEnvironment(InteropTest test, Implementation implementation, bool isDialer, ITestSite site, string testKey, TimeSpan timeout)
    {
        var env = new Dictionary<string, string>(implementation.Environment, StringComparer.Ordinal);
        string seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        string dialer = isDialer ? "true" : "false";
        if (implementation.Contract == NodeContract.Unified)
        {
            env["TRANSPORT"] = test.Transport;
            env["IS_DIALER"] = dialer;
            env["REDIS_ADDR"] = site.NodeRedisAddress;
            env["TEST_KEY"] = testKey;
            env["LISTENER_IP"] = site.ListenIp;
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
            env["ip"] = site.ListenIp;
            env["redis_addr"] = site.NodeRedisAddress;
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

    public static string[] Expand(IReadOnlyList<string> command, ProcessRuntimeOptions options) =>
        command.Select(part => part
            .Replace("{repo}", options.RepoRoot, StringComparison.Ordinal)
            .Replace("{cli}", part.Contains("{cli}", StringComparison.Ordinal)
                ? options.CliPath ?? throw new InvalidOperationException("the command uses {cli} but no CLI path is known")
                : "", StringComparison.Ordinal))
            .ToArray();
}
