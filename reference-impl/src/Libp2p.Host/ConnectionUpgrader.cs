using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Multistream;

namespace Libp2p.Host;

/// <summary>
/// Turns a raw transport connection into a secured, multiplexed one (libp2p/specs connections/README.md,
/// "Upgrading Connections"): multistream-select the security protocol, run its handshake, then take the muxer
/// agreed early in the handshake (connections/inlined-muxer-negotiation.md) or multistream-select one.
/// Every phase has its own timeout; on any failure the raw connection is aborted.
/// </summary>
public sealed class ConnectionUpgrader(UpgraderOptions options)
{
    private readonly UpgraderOptions _options = Validate(options);

    /// <summary>Upgrades a connection we dialed; fails with <see cref="PeerIdMismatchException"/> when the remote is not <paramref name="expectedRemote"/>.</summary>
    public ValueTask<UpgradedConnection> UpgradeOutboundAsync(IRawConnection raw, PeerId? expectedRemote, CancellationToken cancellationToken = default) =>
        UpgradeAsync(raw, isInitiator: true, expectedRemote, null, cancellationToken);

    /// <summary>Upgrades a connection a listener accepted.</summary>
    public ValueTask<UpgradedConnection> UpgradeInboundAsync(IRawConnection raw, CancellationToken cancellationToken = default) =>
        UpgradeAsync(raw, isInitiator: false, null, null, cancellationToken);

    /// <summary>
    /// Upgrades <paramref name="raw"/>, calling <paramref name="onSecured"/> once the remote is authenticated and
    /// before the muxer (the connection gater's and resource manager's hook); an exception from it aborts the connection.
    /// </summary>
    internal async ValueTask<UpgradedConnection> UpgradeAsync(IRawConnection raw, bool isInitiator, PeerId? expectedRemote, Action<ISecureConnection>? onSecured, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ISecureConnection? secure = null;
        try
        {
            (secure, string securityId) = await SecureAsync(raw, isInitiator, expectedRemote, cancellationToken).ConfigureAwait(false);
            onSecured?.Invoke(secure);
            (IStreamMuxer muxer, string muxerId) = await SelectMuxerAsync(secure, isInitiator, cancellationToken).ConfigureAwait(false);
            IMuxedConnection session = muxer.Create(secure, isInitiator);
            return new UpgradedConnection(raw, secure, securityId, muxerId, session, isInitiator);
        }
        catch
        {
            raw.Abort();
            if (secure is not null)
            {
                await secure.DisposeAsync().ConfigureAwait(false);
            }
            await raw.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<(ISecureConnection Secure, string Id)> SecureAsync(IRawConnection raw, bool isInitiator, PeerId? expectedRemote, CancellationToken cancellationToken)
    {
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        phase.CancelAfter(_options.SecurityTimeout);
        try
        {
            IReadOnlyList<string> ids = _options.SecurityProtocols.Select(p => p.ProtocolId).ToArray();
            string chosen = isInitiator
                ? await MultistreamSelect.SelectOutboundAsync(raw, ids, phase.Token).ConfigureAwait(false)
                : await MultistreamSelect.SelectInboundAsync(raw, ids.ToArray(), phase.Token).ConfigureAwait(false);
            ISecurityProtocol protocol = _options.SecurityProtocols.First(p => p.ProtocolId == chosen);
            ISecureConnection secure = isInitiator
                ? await protocol.SecureOutboundAsync(raw, expectedRemote, phase.Token).ConfigureAwait(false)
                : await protocol.SecureInboundAsync(raw, phase.Token).ConfigureAwait(false);
            return (secure, chosen);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"security negotiation and handshake did not finish within {_options.SecurityTimeout.TotalSeconds:0.#} s");
        }
    }

    private async ValueTask<(IStreamMuxer Muxer, string Id)> SelectMuxerAsync(ISecureConnection secure, bool isInitiator, CancellationToken cancellationToken)
    {
        if (secure.EarlyMuxer is { } early)
        {
            IStreamMuxer? agreed = _options.Muxers.FirstOrDefault(m => m.ProtocolId == early);
            return agreed is not null
                ? (agreed, early)
                : throw new ProtocolViolationException($"the handshake agreed on muxer '{early}', which this node does not offer");
        }
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        phase.CancelAfter(_options.MuxerTimeout);
        try
        {
            IReadOnlyList<string> ids = _options.Muxers.Select(m => m.ProtocolId).ToArray();
            IDuplexPipe pipe = secure;
            string chosen = isInitiator
                ? await MultistreamSelect.SelectOutboundAsync(pipe, ids, phase.Token).ConfigureAwait(false)
                : await MultistreamSelect.SelectInboundAsync(pipe, ids.ToArray(), phase.Token).ConfigureAwait(false);
            return (_options.Muxers.First(m => m.ProtocolId == chosen), chosen);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"muxer negotiation did not finish within {_options.MuxerTimeout.TotalSeconds:0.#} s");
        }
    }

    private static UpgraderOptions Validate(UpgraderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SecurityProtocols.Count == 0 || options.Muxers.Count == 0)
        {
            throw new ArgumentException("the upgrader needs at least one security protocol and one muxer", nameof(options));
        }
        return options;
    }
}
