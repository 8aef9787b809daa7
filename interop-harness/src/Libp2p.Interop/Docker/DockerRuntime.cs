using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Libp2p.Interop.Implementations;
using Libp2p.Interop.Matrix;
using Libp2p.Interop.Node;
using Libp2p.Interop.Redis;
using Libp2p.Interop.Results;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Docker;

/// <summary>
/// <c>--runtime docker</c> through Testcontainers: per worker a private network with <c>redis:7-alpine</c> aliased
/// <c>redis</c>; per test a listener and a dialer container from each implementation's image (built from its
/// <c>dockerfile</c> once per run, or pulled by <c>image</c>), as test-plans' compose runner arranges them
/// (docs/TEST-PLANS.md §1.1). The harness pops the listener's address through a loopback port mapping and hands it
/// to the dialer, as the other runtimes do. Without a reachable engine every test is "not run", never passed.
/// </summary>
public sealed class DockerRuntime : IRuntime
{
    private readonly DockerRuntimeOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _images = new(StringComparer.Ordinal);
    private readonly List<IFutureDockerImage> _built = [];
    private readonly Lock _gate = new();
    private readonly System.Threading.Channels.Channel<DockerSite> _sites = System.Threading.Channels.Channel.CreateUnbounded<DockerSite>();
    private readonly List<DockerSite> _owned = [];

    /// <summary>Creates the runtime; nothing starts before <see cref="StartAsync"/>.</summary>
    public DockerRuntime(DockerRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    public string Name => RuntimeKinds.Docker;

    /// <summary>The "not run" reason for docker implementations when no engine answers, else null.</summary>
    public static string? NotRunReason() => DockerEngine.Unreachable is string reason ? "not run: " + reason : null;

    /// <inheritdoc />
    public string? CannotRun(Implementation implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        if (NotRunReason() is string reason)
        {
            return reason;
        }
        return implementation.Image is null && implementation.Dockerfile is null
            ? $"not run: '{implementation.Id}' declares no image or dockerfile for the docker runtime"
            : null;
    }

    /// <inheritdoc />
    public async Task StartAsync(int workers, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        for (int i = 0; i < workers; i++)
        {
            DockerSite site = await DockerSite.StartAsync(_options, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _owned.Add(site);
            }
            _sites.Writer.TryWrite(site);
        }
    }

    /// <inheritdoc />
    public async Task<InteropTestResult> RunAsync(InteropTest test, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(test);
        DockerSite site = await _sites.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunOnAsync(site, test, timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sites.Writer.TryWrite(site);
        }
    }

    /// <summary>Removes the networks, Redis containers and images this runtime created.</summary>
    public async ValueTask DisposeAsync()
    {
        _sites.Writer.TryComplete();
        foreach (DockerSite site in _owned)
        {
            await site.DisposeAsync().ConfigureAwait(false);
        }
        _owned.Clear();
        foreach (IFutureDockerImage image in _built)
        {
            await image.DisposeAsync().ConfigureAwait(false);
        }
        _built.Clear();
    }

    private async Task<InteropTestResult> RunOnAsync(DockerSite site, InteropTest test, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var nodeSite = new DockerNodeSite(site.HarnessRedisAddress);
        string testKey = TestDriver.TestKey(test.Name);
        string listenerKey = TestDriver.RedisKey(test.Listener, testKey);
        string dialerKey = TestDriver.RedisKey(test.Dialer, testKey);
        InteropTestResult Fail(string reason, string? address = null, TimeSpan? ready = null, long? dialerExit = null, string? dialerLog = null, string? listenerLog = null) => new()
        {
            Test = test,
            Outcome = InteropOutcome.Failure,
            Reason = reason,
            Duration = clock.Elapsed,
            ListenerAddress = address,
            ListenerReady = ready,
            DialerExitCode = dialerExit is long code ? (int)code : null,
            DialerLog = dialerLog,
            ListenerLog = listenerLog,
        };

        string listenerImage;
        string dialerImage;
        try
        {
            listenerImage = await ImageAsync(test.Listener, cancellationToken).ConfigureAwait(false);
            dialerImage = await ImageAsync(test.Dialer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail($"image build failed: {e.Message}");
        }

        await using RespClient redis = await RespClient.ConnectAsync(site.HarnessRedisAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        await redis.DelAsync([listenerKey, dialerKey], cancellationToken).ConfigureAwait(false);
        IContainer listener = Node(site, listenerImage, TestDriver.NodeEnvironment(test, test.Listener, isDialer: false, nodeSite, testKey, timeout));
        await using (listener.ConfigureAwait(false))
        {
            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
            // The engine's wait API tells when the listener exits; the container's State is only a cached snapshot.
            using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task<long> listenerExit = listener.GetExitCodeAsync(watch.Token);
            try
            {
                string? address = null;
                while (address is null && clock.Elapsed < timeout)
                {
                    bool exited = listenerExit.IsCompletedSuccessfully;
                    address = await redis.BLPopAsync(listenerKey, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                    if (address is null && exited)
                    {
                        long code = listenerExit.Result;
                        return Fail($"listener crashed before publishing its address (exit code {code}): {LastLine(await StderrAsync(listener).ConfigureAwait(false))}", listenerLog: await StderrAsync(listener).ConfigureAwait(false));
                    }
                }
                if (address is null)
                {
                    return Fail(string.Create(CultureInfo.InvariantCulture, $"listener never published its address within {timeout.TotalSeconds:0} s"), listenerLog: await StderrAsync(listener).ConfigureAwait(false));
                }
                TimeSpan ready = clock.Elapsed;
                await redis.RPushAsync(dialerKey, address, cancellationToken).ConfigureAwait(false);
                IContainer dialer = Node(site, dialerImage, TestDriver.NodeEnvironment(test, test.Dialer, isDialer: true, nodeSite, testKey, timeout));
                await using (dialer.ConfigureAwait(false))
                {
                    await dialer.StartAsync(cancellationToken).ConfigureAwait(false);
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(timeout + _options.DialerGrace);
                    long exit;
                    try
                    {
                        exit = await dialer.GetExitCodeAsync(deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return Fail(string.Create(CultureInfo.InvariantCulture, $"dialer timed out after {(timeout + _options.DialerGrace).TotalSeconds:0} s"), address, ready,
                            dialerLog: await StderrAsync(dialer).ConfigureAwait(false), listenerLog: await StderrAsync(listener).ConfigureAwait(false));
                    }
                    (string stdout, string stderr) = await dialer.GetLogsAsync(timestampsEnabled: false, ct: cancellationToken).ConfigureAwait(false);
                    string listenerLog = await StderrAsync(listener).ConfigureAwait(false);
                    string? listenerCrash = listenerExit.IsCompletedSuccessfully ? $"listener crashed during the test (exit code {listenerExit.Result}): {LastLine(listenerLog)}" : null;
                    if (exit != 0)
                    {
                        return Fail(TestDriver.Join(listenerCrash, $"dialer exited with code {exit}: {LastLine(stderr)}"), address, ready, exit, Tail(stderr), listenerLog);
                    }
                    if (!DialerOutputParser.TryParse(stdout, out DialerMeasurement measurement))
                    {
                        return Fail(TestDriver.Join(listenerCrash, "bad output: dialer exited 0 without a handshakePlusOneRTTMillis/pingRTTMilllis result"), address, ready, exit, Tail(stderr), listenerLog);
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
                        DialerLog = Tail(stderr),
                        ListenerLog = listenerLog,
                    };
                }
            }
            finally
            {
                await watch.CancelAsync().ConfigureAwait(false);
                try
                {
                    await listenerExit.ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Cancelled watch, or the container is already gone: the result is decided above.
                }
            }
        }
    }

    private static IContainer Node(DockerSite site, string image, IReadOnlyDictionary<string, string> environment) =>
        new ContainerBuilder(image).WithNetwork(site.Network).WithEnvironment(environment).Build();

    private Task<string> ImageAsync(Implementation implementation, CancellationToken cancellationToken) =>
        _images.GetOrAdd(implementation.Id, _ => new Lazy<Task<string>>(() => BuildAsync(implementation, cancellationToken))).Value;

    private async Task<string> BuildAsync(Implementation implementation, CancellationToken cancellationToken)
    {
        if (implementation.Dockerfile is null)
        {
            return implementation.Image!;
        }
        string context = Path.GetFullPath(Path.Combine(_options.RepoRoot, implementation.BuildContext ?? "."));
        string dockerfile = Path.GetRelativePath(context, Path.Combine(_options.RepoRoot, implementation.Dockerfile));
        IFutureDockerImage image = new ImageFromDockerfileBuilder()
            .WithDockerfileDirectory(context)
            .WithDockerfile(dockerfile)
            .WithName($"lp2p-interop-{implementation.Id}:{Environment.ProcessId}")
            .Build();
        lock (_gate)
        {
            _built.Add(image);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.BuildTimeout);
        await image.CreateAsync(deadline.Token).ConfigureAwait(false);
        return image.FullName;
    }

    private static async Task<string> StderrAsync(IContainer container)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            (_, string stderr) = await container.GetLogsAsync(timestampsEnabled: false, ct: deadline.Token).ConfigureAwait(false);
            return Tail(stderr);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"(logs unavailable: {e.Message})";
        }
    }

    private static string Tail(string text)
    {
        string[] lines = text.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - ChildProcess.StderrTailLines)));
    }

    private static string LastLine(string text) =>
        text.Split('\n').LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "";
}
