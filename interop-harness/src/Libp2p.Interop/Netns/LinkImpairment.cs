using System.Globalization;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Netns;

/// <summary>
/// Delay and loss on a namespace's ingress from one peer address: an iptables <c>statistic</c> drop rule for loss, and
/// for delay an iptables <c>NFQUEUE</c> rule in raw PREROUTING (before conntrack, docs/COMPONENTS.md "hole-punch
/// topology") served by the <c>nfq-delay</c> helper running in the same namespace. nft's own <c>queue</c> expression
/// is not built into this kernel, hence the xt target.
/// </summary>
internal sealed class LinkImpairment : IAsyncDisposable
{
    private const int Queue = 0;
    private static readonly TimeSpan HelperReadyTimeout = TimeSpan.FromSeconds(15);
    private readonly ChildProcess? _helper;

    private LinkImpairment(ChildProcess? helper)
    {
        _helper = helper;
    }

    /// <summary>Installs <paramref name="options"/> for packets from <paramref name="peerIp"/> entering <paramref name="ns"/>.</summary>
    public static async Task<LinkImpairment> ApplyAsync(NetworkNamespace ns, string peerIp, NetemOptions options, CancellationToken cancellationToken)
    {
        if (options.LossPercent > 0)
        {
            string probability = (options.LossPercent / 100).ToString("0.######", CultureInfo.InvariantCulture);
            await ns.ExecAsync(["iptables", "-t", "raw", "-A", "PREROUTING", "-s", peerIp, "-m", "statistic", "--mode", "random", "--probability", probability, "-j", "DROP"], cancellationToken).ConfigureAwait(false);
        }
        if (options.DelayMs <= 0)
        {
            return new LinkImpairment(null);
        }
        ChildProcess helper;
        try
        {
            helper = ChildProcess.Start(
                ns.Wrap([options.DelayHelper, Queue.ToString(CultureInfo.InvariantCulture), options.DelayMs.ToString(CultureInfo.InvariantCulture)]),
                new Dictionary<string, string>(), [], "/");
        }
        catch (InvalidOperationException e)
        {
            throw new NetnsException($"cannot start the delay helper '{options.DelayHelper}' (cli/install-deps.sh builds it): {e.Message}", e);
        }
        try
        {
            string? ready = await helper.FirstStdoutLineAsync(HelperReadyTimeout, cancellationToken).ConfigureAwait(false);
            if (ready != "ready")
            {
                throw new NetnsException($"the delay helper did not bind NFQUEUE {Queue} in {ns.Name}: {helper.StderrTail}");
            }
            // No --queue-bypass: if the helper dies, packets stop instead of silently flowing undelayed.
            await ns.ExecAsync(["iptables", "-t", "raw", "-A", "PREROUTING", "-s", peerIp, "-j", "NFQUEUE", "--queue-num", Queue.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            return new LinkImpairment(helper);
        }
        catch
        {
            await helper.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Null while the delay helper runs (or none is needed); otherwise why it stopped.</summary>
    public string? Failure => _helper is { HasExited: true } ? $"the delay helper exited (code {_helper.ExitCode}): {_helper.LastStderrLine}" : null;

    /// <summary>Stops the helper; the rules go with the namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_helper is not null)
        {
            await _helper.DisposeAsync().ConfigureAwait(false);
        }
    }
}
