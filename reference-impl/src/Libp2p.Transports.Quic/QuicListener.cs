using System.Threading.Channels;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Quic.Internal;

namespace Libp2p.Transports.Quic;

/// <summary>Accepts authenticated QUIC connections on a <c>/udp/PORT/quic-v1</c> address.</summary>
public sealed class QuicListener : IAsyncDisposable
{
    private readonly QuicEndpoint _endpoint;
    private readonly ChannelReader<QuicConnection> _incoming;

    internal QuicListener(QuicEndpoint endpoint)
    {
        _endpoint = endpoint;
        _incoming = endpoint.Listen();
        LocalAddress = QuicAddress.Format(endpoint.LocalEndPoint);
    }

    /// <summary>The bound address, with the actual port.</summary>
    public Multiaddr LocalAddress { get; }

    /// <summary>The next connection whose handshake completed (the peer is authenticated).</summary>
    public async ValueTask<QuicConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _incoming.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new MuxerClosedException("QUIC listener closed", ex);
        }
    }

    /// <summary>Stops accepting; existing connections stay open (they share the socket, which the transport owns).</summary>
    public ValueTask DisposeAsync()
    {
        _endpoint.StopListening();
        return ValueTask.CompletedTask;
    }
}
