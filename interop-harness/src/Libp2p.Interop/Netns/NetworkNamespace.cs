using System.Globalization;
using System.Text.RegularExpressions;

namespace Libp2p.Interop.Netns;

/// <summary>
/// A Linux network namespace made with <c>ip netns add</c>, its loopback up, deleted (with its interfaces, conntrack
/// table and netfilter rules) on dispose. Names carry the creating process id, so parallel runs never clash and
/// namespaces left by a killed run can be recognised and removed (<see cref="RemoveStaleAsync"/>).
/// </summary>
public sealed partial class NetworkNamespace : IAsyncDisposable
{
    /// <summary>Prefix of every namespace the harness creates: <c>lp2p-&lt;pid&gt;-&lt;n&gt;</c>.</summary>
    public const string NamePrefix = "lp2p-";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static int _counter;
    private int _disposed;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    /// <summary>The namespace's name (<c>ip netns list</c>).</summary>
    public string Name { get; }

    /// <summary>A fresh name prefix unique to this process and call: <c>lp2p-&lt;pid&gt;-&lt;n&gt;</c>.</summary>
    public static string UniquePrefix() =>
        string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");

    /// <summary>Creates namespace <paramref name="name"/> and brings its loopback up.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await HostCommand.RunAsync(["ip", "netns", "add", name], CommandTimeout, cancellationToken).ConfigureAwait(false);
        var created = new NetworkNamespace(name);
        try
        {
            await created.IpAsync(["link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            return created;
        }
        catch
        {
            await created.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deletes namespaces named by <see cref="UniquePrefix"/> whose creating process no longer exists.</summary>
    public static async Task RemoveStaleAsync(CancellationToken cancellationToken = default)
    {
        string list = await HostCommand.RunAsync(["ip", "netns", "list"], CommandTimeout, cancellationToken).ConfigureAwait(false);
        foreach (string line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Match match = OwnedName().Match(line);
            if (match.Success && !Directory.Exists($"/proc/{match.Groups["pid"].Value}"))
            {
                try
                {
                    await HostCommand.RunAsync(["ip", "netns", "del", match.Groups["name"].Value], CommandTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (NetnsException)
                {
                    // Removed concurrently by another run's cleanup.
                }
            }
        }
    }

    /// <summary>The command prefix that runs a program inside this namespace.</summary>
    public IReadOnlyList<string> ExecPrefix => ["ip", "netns", "exec", Name];

    /// <summary><paramref name="command"/> wrapped to run inside this namespace.</summary>
    public IReadOnlyList<string> Wrap(IReadOnlyList<string> command) => [.. ExecPrefix, .. command];

    /// <summary>Runs <c>ip -n NAME ...</c>.</summary>
    public Task<string> IpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default) =>
        HostCommand.RunAsync(["ip", "-n", Name, .. arguments], CommandTimeout, cancellationToken);

    /// <summary>Runs a short command inside the namespace and returns its stdout.</summary>
    public Task<string> ExecAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        HostCommand.RunAsync(Wrap(command), CommandTimeout, cancellationToken);

    /// <summary>Deletes the namespace (idempotent; errors are swallowed, since cleanup must not mask a result).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await HostCommand.RunAsync(["ip", "netns", "del", Name], CommandTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NetnsException)
        {
            // Already gone; nothing else a dispose can do.
        }
    }

    [GeneratedRegex(@"^(?<name>lp2p-(?<pid>\d+)-\d+\S*)")]
    private static partial Regex OwnedName();
}
