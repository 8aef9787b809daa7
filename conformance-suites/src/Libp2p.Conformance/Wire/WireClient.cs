using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Host;

namespace Libp2p.Conformance.Wire;

/// <summary>A reference node connected to the target, for checks of the protocols it serves on streams.</summary>
public sealed class WireClient(Node node, UpgradedConnection connection, WireCheckContext context) : IAsyncDisposable
{
    /// <summary>Our node.</summary>
    public Node Node { get; } = node;

    /// <summary>The upgraded connection to the target.</summary>
    public UpgradedConnection Connection { get; } = connection;

    /// <summary>
    /// Opens a stream and negotiates <paramref name="protocol"/>; a refusal becomes
    /// <see cref="WireCheckContext.Refused"/>'s verdict.
    /// </summary>
    public async Task<IDuplexPipe> OpenAsync(string protocol, CancellationToken cancellationToken)
    {
        try
        {
            StreamContext stream = await Node.NewStreamAsync(Connection, [protocol], cancellationToken).ConfigureAwait(false);
            return stream.Pipe;
        }
        catch (ProtocolNotSupportedException)
        {
            throw context.Refused(protocol);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync().ConfigureAwait(false);
        await Node.DisposeAsync().ConfigureAwait(false);
    }
}
