using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Host.Transports;

namespace Libp2p.Host.Internal;

/// <summary>
/// The raw and secure layers of a connection from an <see cref="IMuxedTransport"/>: they carry the addresses and
/// the authenticated identity the host reads from those layers, and no bytes — every byte of such a connection
/// travels on its muxer's streams, so their pipes are empty and already complete.
/// </summary>
internal sealed class PremuxedLayers : IRawConnection, ISecureConnection
{
    private readonly Pipe _nothing = new();

    public PremuxedLayers(MuxedTransportConnection connection, PeerId localPeer)
    {
        LocalAddress = connection.LocalAddress;
        RemoteAddress = connection.RemoteAddress;
        LocalPeer = localPeer;
        RemotePublicKey = connection.RemoteKey;
        RemotePeer = PeerId.FromPublicKey(connection.RemoteKey);
        _nothing.Writer.Complete();
        _nothing.Reader.Complete();
    }

    public Multiaddr LocalAddress { get; }

    public Multiaddr RemoteAddress { get; }

    public PeerId LocalPeer { get; }

    public PeerId RemotePeer { get; }

    public PublicKey RemotePublicKey { get; }

    public string? EarlyMuxer => null;

    public PipeReader Input => _nothing.Reader;

    public PipeWriter Output => _nothing.Writer;

    // The session below owns the socket; closing the muxer closes the connection.
    public void Abort()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
