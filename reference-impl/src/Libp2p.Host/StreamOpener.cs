using Libp2p.Core.Abstractions;
using Libp2p.Multistream;

namespace Libp2p.Host;

/// <summary>Opens outbound streams and negotiates their protocol.</summary>
public static class StreamOpener
{
    /// <summary>
    /// Opens a stream on <paramref name="connection"/> and negotiates the first of <paramref name="protocols"/> the
    /// remote supports, waiting for the listener's confirmation before returning.
    /// </summary>
    /// <remarks>
    /// Not optimistic on purpose: js-libp2p v3 (libp2p 3.3.11) loses a half-close that arrives before its protocol
    /// handler starts reading, so a lazily negotiated stream whose request fits in one write (echo, perf with no
    /// upload) hangs on the js side. js-libp2p itself negotiates fully by default.
    /// <see cref="MultistreamSelect.SelectOutboundLazyAsync"/> remains available to callers that want the round trip back.
    /// </remarks>
    public static async ValueTask<StreamContext> OpenAsync(UpgradedConnection connection, IReadOnlyList<string> protocols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(protocols);
        if (protocols.Count == 0)
        {
            throw new ArgumentException("at least one protocol is needed", nameof(protocols));
        }
        IMuxedStream stream = await connection.Muxer.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string chosen = await MultistreamSelect.SelectOutboundAsync(stream, protocols, cancellationToken).ConfigureAwait(false);
            return new StreamContext(stream, stream, chosen, connection);
        }
        catch
        {
            stream.Reset();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
