using Libp2p.Conformance.Daemon;
using Libp2p.Conformance.Wire;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon;
using Libp2p.Host;

namespace Daemon.Conformance.Tests;

/// <summary>
/// One daemon of the target (one security protocol and muxer, or as configured by whoever started it), the client
/// that drives it, and the tester node it talks to: our reference stack, listening on loopback and offering only
/// that security protocol and muxer so whatever the daemon negotiates is what it was started with.
/// </summary>
public sealed class DaemonUnderTest : IAsyncDisposable
{
    private DaemonUnderTest(WireEndpoint endpoint, DaemonClient client, Node tester, Multiaddr testerAddress)
    {
        Endpoint = endpoint;
        Client = client;
        Tester = tester;
        TesterAddress = testerAddress;
    }

    /// <summary>The daemon's endpoint: its control address, security protocol and muxer.</summary>
    public WireEndpoint Endpoint { get; }

    /// <summary>Drives the daemon.</summary>
    public DaemonClient Client { get; }

    /// <summary>Our node, the daemon's peer.</summary>
    public Node Tester { get; }

    /// <summary>Where the tester listens (without <c>/p2p/</c>).</summary>
    public Multiaddr TesterAddress { get; }

    /// <summary>Whether the endpoint names its security protocol and muxer (false for a daemon started elsewhere).</summary>
    public bool KnowsItsStack => Endpoint.Security != DaemonTargets.AsConfigured;

    /// <summary>Starts a tester node for <paramref name="endpoint"/>.</summary>
    public static async Task<DaemonUnderTest> StartAsync(WireEndpoint endpoint, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        bool known = endpoint.Security != DaemonTargets.AsConfigured;
        Node tester = Libp2p.Stack.ReferenceStack.CreateNode(new Libp2p.Stack.StackSpec
        {
            Security = known ? [endpoint.Security] : ["noise", "tls"],
            Muxers = known ? [endpoint.Muxer] : ["yamux", "mplex"],
        });
        try
        {
            Multiaddr bound = await tester.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), cancellationToken).ConfigureAwait(false);
            return new DaemonUnderTest(endpoint, new DaemonClient(Multiaddr.Parse(endpoint.Address), requestTimeout), tester, bound);
        }
        catch
        {
            await tester.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The daemon's peer ID and addresses (IDENTIFY).</summary>
    public Task<DaemonIdentity> IdentifyAsync(CancellationToken cancellationToken) => Client.IdentifyAsync(cancellationToken);

    /// <summary>Asks the daemon to connect to the tester (CONNECT with the tester's address).</summary>
    public Task ConnectToTesterAsync(CancellationToken cancellationToken) =>
        Client.ConnectAsync(Tester.PeerId, [TesterAddress], TimeSpan.FromSeconds(20), cancellationToken);

    /// <summary>A fresh peer ID nobody uses.</summary>
    public static PeerId Stranger() => PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);

    /// <inheritdoc/>
    public override string ToString() => Endpoint.ToString();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await Tester.DisposeAsync().ConfigureAwait(false);
}
