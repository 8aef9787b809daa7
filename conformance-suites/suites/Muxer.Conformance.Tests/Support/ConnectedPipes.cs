using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.Memory;
using Libp2p.Transports.Tcp;

namespace Muxer.Conformance.Tests.Support;

/// <summary>Two connected raw connections of a <see cref="TransportKind"/>.</summary>
public sealed class ConnectedPipes : IAsyncDisposable
{
    private ConnectedPipes(IRawConnection dialer, IRawConnection listener)
    {
        Dialer = dialer;
        Listener = listener;
    }

    /// <summary>The dialing end.</summary>
    public IRawConnection Dialer { get; }

    /// <summary>The listening end.</summary>
    public IRawConnection Listener { get; }

    /// <summary>Connects two ends over <paramref name="kind"/>.</summary>
    public static async Task<ConnectedPipes> CreateAsync(TransportKind kind, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case TransportKind.Memory:
            {
                var (a, b) = DuplexPipePair.Create();
                return new ConnectedPipes(a, b);
            }
            case TransportKind.OneByteAtATime:
            {
                var (a, b) = DuplexPipePair.Create();
                return new ConnectedPipes(new FaultInjectingConnection(a, FaultInjectionOptions.OneByteAtATime(seed: 7)), b);
            }
            default:
            {
                TcpTransport tcp = new();
                await using IConnectionListener listener = await tcp.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cancellationToken);
                ValueTask<IRawConnection> accept = listener.AcceptAsync(cancellationToken);
                IRawConnection dialer = await tcp.DialAsync(listener.LocalAddress, cancellationToken);
                return new ConnectedPipes(dialer, await accept);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Dialer.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
