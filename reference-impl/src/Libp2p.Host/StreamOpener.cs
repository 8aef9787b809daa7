using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Multistream;

namespace Libp2p.Host;

/// <summary>Opens outbound streams and negotiates their protocol.</summary>
public static class StreamOpener
{
    /// <summary>
    /// Opens a stream on <paramref name="connection"/> and negotiates the first of <paramref name="protocols"/> the
    /// remote supports. A single protocol is negotiated optimistically (its confirmation is read with the first
    /// response bytes), saving a round trip as every libp2p implementation does for ping and identify.
    /// </summary>
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
            if (protocols.Count == 1)
            {
                IDuplexPipe lazy = await MultistreamSelect.SelectOutboundLazyAsync(stream, protocols[0], cancellationToken).ConfigureAwait(false);
                return new StreamContext(lazy, stream, protocols[0], connection);
            }
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
