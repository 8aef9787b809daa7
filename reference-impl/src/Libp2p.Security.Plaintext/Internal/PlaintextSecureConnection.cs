using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;

namespace Libp2p.Security.Plaintext.Internal;

/// <summary>
/// After the exchange, <c>/plaintext/2.0.0</c> passes bytes through unchanged: the connection is the raw pipe
/// (any bytes already buffered after the remote's Exchange stay in it, unconsumed).
/// </summary>
internal sealed class PlaintextSecureConnection(IDuplexPipe raw, PeerId localPeer, PeerId remotePeer, PublicKey remoteKey) : ISecureConnection
{
    private int _disposed;

    public PeerId LocalPeer { get; } = localPeer;

    public PeerId RemotePeer { get; } = remotePeer;

    public PublicKey RemotePublicKey { get; } = remoteKey;

    public string? EarlyMuxer => null;

    public PipeReader Input => raw.Input;

    public PipeWriter Output => raw.Output;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await raw.Output.CompleteAsync().ConfigureAwait(false);
        await raw.Input.CompleteAsync().ConfigureAwait(false);
    }
}
