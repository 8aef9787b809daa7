using System.Globalization;

namespace Libp2p.Interop.Node;

/// <summary>
/// The settings a transport-interop node reads from its environment: the test-plans lower-case names
/// (<c>transport</c>, <c>security</c>, <c>muxer</c>, <c>is_dialer</c>, <c>ip</c>, <c>redis_addr</c>,
/// <c>test_timeout_seconds</c> or js' <c>test_timeout_secs</c>) and the unified-testing upper-case names
/// (<c>TRANSPORT</c>, <c>SECURE_CHANNEL</c>, <c>MUXER</c>, <c>IS_DIALER</c>, <c>LISTENER_IP</c>, <c>REDIS_ADDR</c>,
/// <c>TEST_KEY</c>). See docs/TEST-PLANS.md §1.1 (transport-interop/README.md) and §1.6 (write-a-transport-test-app.md).
/// </summary>
public sealed record NodeSettings
{
    /// <summary>Key the listener pushes to in test-plans mode.</summary>
    public const string TestPlansKey = "listenerAddr";

    /// <summary>Default in-container test timeout of test-plans (seconds).</summary>
    public const int DefaultTimeoutSeconds = 180;

    /// <summary>Transports that bring their own security and muxing (no <c>security</c>/<c>muxer</c> dimension).</summary>
    public static IReadOnlySet<string> StandaloneTransports { get; } = new HashSet<string>(StringComparer.Ordinal) { "quic", "quic-v1", "webtransport", "webrtc", "webrtc-direct" };

    /// <summary>Transport name: <c>tcp</c>, <c>ws</c>, <c>wss</c>, <c>quic-v1</c>, ...</summary>
    public required string Transport { get; init; }

    /// <summary>Secure channel (<c>noise</c>, <c>tls</c>); null for standalone transports.</summary>
    public string? Security { get; init; }

    /// <summary>Muxer (<c>yamux</c>, <c>mplex</c>); null for standalone transports.</summary>
    public string? Muxer { get; init; }

    /// <summary>True for the dialer, false for the listener.</summary>
    public required bool IsDialer { get; init; }

    /// <summary>IP the listener binds to (default <c>0.0.0.0</c>).</summary>
    public string ListenIp { get; init; } = "0.0.0.0";

    /// <summary>Redis <c>host:port</c> (default <c>redis:6379</c>).</summary>
    public string RedisAddress { get; init; } = "redis:6379";

    /// <summary>The test timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>Which contract (and so which Redis key and output format) applies.</summary>
    public NodeContract Contract { get; init; }

    /// <summary>Unified-testing namespace key (first 8 hex chars of sha256 of the test name); null in test-plans mode.</summary>
    public string? TestKey { get; init; }

    /// <summary>The Redis list the listener pushes its multiaddr to and the dialer pops from.</summary>
    public string RedisKey => Contract == NodeContract.Unified ? $"{TestKey}_listener_multiaddr" : TestPlansKey;

    /// <summary>Reads the settings from <paramref name="environment"/>; unified mode when <c>TEST_KEY</c> is set.</summary>
    /// <exception cref="InteropConfigurationException">A required value is missing or malformed.</exception>
    public static NodeSettings FromEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(params string[] names) => names.Select(n => environment.TryGetValue(n, out string? v) ? v : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

        string? testKey = Get("TEST_KEY", "test_key");
        NodeContract contract = testKey is null ? NodeContract.TestPlans : NodeContract.Unified;
        string transport = Get("transport", "TRANSPORT") ?? throw new InteropConfigurationException("transport (TRANSPORT) is not set");
        bool standalone = StandaloneTransports.Contains(transport);
        string? security = Get("security", "SECURE_CHANNEL", "SECURITY");
        string? muxer = Get("muxer", "MUXER");
        if (!standalone && (security is null || muxer is null))
        {
            throw new InteropConfigurationException($"transport '{transport}' needs security (SECURE_CHANNEL) and muxer (MUXER)");
        }
        string dialer = Get("is_dialer", "IS_DIALER") ?? throw new InteropConfigurationException("is_dialer (IS_DIALER) is not set");
        bool isDialer = dialer.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new InteropConfigurationException($"is_dialer must be \"true\" or \"false\", got '{dialer}'"),
        };
        string? timeoutText = Get("test_timeout_seconds", "test_timeout_secs", "TEST_TIMEOUT_SECONDS", "TEST_TIMEOUT_SECS");
        int timeout = DefaultTimeoutSeconds;
        if (timeoutText is not null && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout is < 1 or > 86_400))
        {
            throw new InteropConfigurationException($"test timeout must be a whole number of seconds in 1..86400, got '{timeoutText}'");
        }
        if (testKey is not null && (testKey.Length > 64 || !testKey.All(char.IsAsciiLetterOrDigit)))
        {
            throw new InteropConfigurationException($"TEST_KEY must be a short alphanumeric string, got '{testKey}'");
        }
        return new NodeSettings
        {
            Transport = transport,
            Security = standalone ? null : security,
            Muxer = standalone ? null : muxer,
            IsDialer = isDialer,
            ListenIp = Get("ip", "LISTENER_IP") ?? "0.0.0.0",
            RedisAddress = Get("redis_addr", "REDIS_ADDR") ?? "redis:6379",
            Timeout = TimeSpan.FromSeconds(timeout),
            Contract = contract,
            TestKey = testKey,
        };
    }
}
