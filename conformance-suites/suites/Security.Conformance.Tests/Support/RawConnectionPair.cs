using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Security.Conformance.Tests.Support;

/// <summary>A connected raw (unsecured) pipe pair: dialer side and listener side.</summary>
public sealed class RawConnectionPair : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _owned;

    private RawConnectionPair(IDuplexPipe dialer, IDuplexPipe listener, params IAsyncDisposable[] owned)
    {
        Dialer = dialer;
        Listener = listener;
        _owned = owned;
    }

    /// <summary>The dialer's end.</summary>
    public IDuplexPipe Dialer { get; }

    /// <summary>The listener's end.</summary>
    public IDuplexPipe Listener { get; }

    /// <summary>Connects a pair over <paramref name="kind"/>.</summary>
    public static async Task<RawConnectionPair> CreateAsync(RawTransportKind kind, CancellationToken cancellationToken)
    {
        if (kind == RawTransportKind.Memory)
        {
            (IDuplexPipe a, IDuplexPipe b) = DuplexPipe.CreatePair();
            return new RawConnectionPair(a, b);
        }
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Task<Socket> accept = listener.AcceptAsync(cancellationToken).AsTask();
        await client.ConnectAsync(listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
        Socket server = await accept.ConfigureAwait(false);
        var dialer = new SocketDuplexPipe(client);
        var accepted = new SocketDuplexPipe(server);
        return new RawConnectionPair(dialer, accepted, dialer, accepted);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
