using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Two QUIC transports on loopback with one handshaken connection between them: the set-up most connection-level
/// tests share. Disposal closes the connections first, then the listener and the transports.
/// </summary>
internal sealed class QuicLoopbackPair : IAsyncDisposable
{
    private readonly QuicTransport _server;
    private readonly QuicTransport _client;
    private readonly QuicListener _listener;

    private QuicLoopbackPair(QuicTransport server, QuicTransport client, QuicListener listener, QuicConnection dialed, QuicConnection accepted)
    {
        _server = server;
        _client = client;
        _listener = listener;
        Dialed = dialed;
        Accepted = accepted;
    }

    /// <summary>The client's side of the connection.</summary>
    public QuicConnection Dialed { get; }

    /// <summary>The server's side of the connection.</summary>
    public QuicConnection Accepted { get; }

    /// <summary>Listens on a loopback UDP port, dials it and waits for both sides of the handshake.</summary>
    public static async Task<QuicLoopbackPair> StartAsync(CancellationToken cancellationToken)
    {
        var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        var client = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cancellationToken);
        Task<QuicConnection> accept = listener.AcceptAsync(cancellationToken).AsTask();
        QuicConnection dialed = await client.DialAsync(listener.LocalAddress, server.LocalPeer, cancellationToken);
        QuicConnection accepted = await accept.WaitAsync(cancellationToken);
        return new QuicLoopbackPair(server, client, listener, dialed, accepted);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Accepted.DisposeAsync();
        await Dialed.DisposeAsync();
        await _listener.DisposeAsync();
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }
}
