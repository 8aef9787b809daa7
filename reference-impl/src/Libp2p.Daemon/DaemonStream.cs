using System.Net.Sockets;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Daemon;

/// <summary>
/// A libp2p stream carried over a daemon socket (go-libp2p-daemon specs/CONTROL.md, "StreamOpen" and "StreamHandler - Inbound
/// stream handler"): after the <c>StreamInfo</c>, every byte of <see cref="Stream"/> is the libp2p stream's payload.
/// </summary>
public sealed class DaemonStream : IAsyncDisposable
{
    private readonly Socket _socket;

    internal DaemonStream(Socket socket, PeerId peer, Multiaddr address, string protocol)
    {
        _socket = socket;
        Peer = peer;
        Address = address;
        Protocol = protocol;
        Stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The remote peer.</summary>
    public PeerId Peer { get; }

    /// <summary>The remote address of the connection the stream runs on.</summary>
    public Multiaddr Address { get; }

    /// <summary>The negotiated protocol.</summary>
    public string Protocol { get; }

    /// <summary>The stream's bytes, both directions.</summary>
    public NetworkStream Stream { get; }

    /// <summary>Half-closes: the daemon closes the libp2p stream's write side; reading goes on.</summary>
    public void CloseWrite() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Closes the socket; the daemon closes (or resets, if unfinished) the libp2p stream.</summary>
    public async ValueTask DisposeAsync() => await Stream.DisposeAsync().ConfigureAwait(false);
}
