using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host;

// The neutral IDL's host interface (spec-idl/modules/host.yaml), generated into Libp2p.Core: what any
// implementation's host offers, so suites and drivers can hold a host without knowing it is ours.
public sealed partial class Node : IHost
{
    IReadOnlyList<string> IHost.SupportedProtocols => [.. Router.Protocols];

    async ValueTask<Multiaddr> IHost.ListenAsync(Multiaddr address, CancellationToken cancellationToken) =>
        await ListenAsync(address, cancellationToken).ConfigureAwait(false);

    async ValueTask<IMuxedConnection> IHost.ConnectPeerAsync(PeerId peer, CancellationToken cancellationToken) =>
        (await ConnectAsync(peer, cancellationToken).ConfigureAwait(false)).Muxer;

    async ValueTask<IMuxedConnection> IHost.ConnectAddressAsync(Multiaddr address, CancellationToken cancellationToken) =>
        (await ConnectAsync(address, cancellationToken).ConfigureAwait(false)).Muxer;

    async ValueTask<int> IHost.DisconnectAsync(PeerId peer, CancellationToken cancellationToken) =>
        await DisconnectAsync(peer).WaitAsync(cancellationToken).ConfigureAwait(false);

    async ValueTask<NegotiatedStream> IHost.OpenStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken cancellationToken)
    {
        StreamContext stream = await NewStreamAsync(peer, protocols, cancellationToken).ConfigureAwait(false);
        return new NegotiatedStream(stream.Protocol, stream.Pipe, stream.Stream);
    }
}
