using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests;

/// <summary>
/// The security-layer conformance suite (spec-idl/modules/security.yaml), run once per secure channel and raw
/// transport. A target supplies a factory for its <see cref="ISecurityProtocol"/> and declares its capabilities.
/// </summary>
public abstract partial class SecurityConformanceSuite(RawTransportKind transport)
{
    /// <summary>Muxer lists used by the early-negotiation tests.</summary>
    protected static readonly string[] YamuxFirst = ["/yamux/1.0.0", "/mplex/6.7.0"];

    /// <summary>The raw transport of this run.</summary>
    protected RawTransportKind Transport { get; } = transport;

    /// <summary>Whether the channel encrypts (plaintext does not).</summary>
    protected virtual bool IsEncrypted => true;

    /// <summary>Whether the channel negotiates a muxer inside its handshake.</summary>
    protected virtual bool SupportsEarlyMuxer => true;

    /// <summary>Whether disjoint muxer lists fail the handshake (Noise, NOISE-EXT-004) instead of yielding none (TLS ALPN "libp2p").</summary>
    protected virtual bool DisjointMuxersFailHandshake => false;

    /// <summary>Creates the protocol under test for <paramref name="identity"/>.</summary>
    protected abstract ISecurityProtocol CreateProtocol(PrivateKey identity, IReadOnlyList<string> muxers, TimeSpan handshakeTimeout);

    /// <summary>Creates the protocol under test with no muxers and the default timeout.</summary>
    protected ISecurityProtocol CreateProtocol(PrivateKey identity) => CreateProtocol(identity, [], TimeSpan.FromSeconds(10));

    [Test]
    [Requirement("SECURITY-ID-001")]
    [Requirement("SECURITY-ID-003")]
    public async Task Handshake_authenticates_both_peers()
    {
        PrivateKey dialerKey = PrivateKey.Generate(KeyType.Ed25519);
        PrivateKey listenerKey = PrivateKey.Generate(KeyType.Ed25519);
        await using SecuredPair pair = await SecureAsync(dialerKey, listenerKey, null, [], []);

        Assert.Multiple(() =>
        {
            Assert.That(pair.Dialer.LocalPeer, Is.EqualTo(PeerId.FromPublicKey(dialerKey.PublicKey)));
            Assert.That(pair.Dialer.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(listenerKey.PublicKey)));
            Assert.That(pair.Dialer.RemotePublicKey, Is.EqualTo(listenerKey.PublicKey));
            Assert.That(pair.Listener.LocalPeer, Is.EqualTo(PeerId.FromPublicKey(listenerKey.PublicKey)));
            Assert.That(pair.Listener.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(dialerKey.PublicKey)));
            Assert.That(pair.Listener.RemotePublicKey, Is.EqualTo(dialerKey.PublicKey));
        });
        await AssertEchoAsync(pair, 1000);
    }

    [TestCase(KeyType.Ed25519)]
    [TestCase(KeyType.Secp256k1)]
    [TestCase(KeyType.Ecdsa)]
    [TestCase(KeyType.Rsa)]
    [Requirement("SECURITY-ID-001")]
    public async Task Every_identity_key_type_authenticates(KeyType type)
    {
        PrivateKey dialerKey = PrivateKey.Generate(type);
        PrivateKey listenerKey = PrivateKey.Generate(type);
        await using SecuredPair pair = await SecureAsync(dialerKey, listenerKey, PeerId.FromPublicKey(listenerKey.PublicKey), [], []);
        Assert.That(pair.Dialer.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(listenerKey.PublicKey)));
        Assert.That(pair.Listener.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(dialerKey.PublicKey)));
        await AssertEchoAsync(pair, 100);
    }

    [Test]
    [Requirement("SECURITY-ID-002")]
    [Requirement("SECURITY-HS-001")]
    public async Task Dialing_the_wrong_peer_fails_with_a_mismatch_on_the_dialer()
    {
        PrivateKey dialerKey = PrivateKey.Generate(KeyType.Ed25519);
        PrivateKey listenerKey = PrivateKey.Generate(KeyType.Ed25519);
        PeerId someoneElse = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        await using RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
        Task<ISecureConnection> dial = CreateProtocol(dialerKey).SecureOutboundAsync(raw.Dialer, someoneElse).AsTask();
        Task<ISecureConnection> listen = CreateProtocol(listenerKey).SecureInboundAsync(raw.Listener).AsTask();

        var mismatch = Assert.ThrowsAsync<PeerIdMismatchException>(async () => await dial.WaitAsync(PipeIo.Timeout));
        Assert.That(mismatch!.Message, Does.Contain(someoneElse.ToString()));
        Assert.That(mismatch.Message, Does.Contain(PeerId.FromPublicKey(listenerKey.PublicKey).ToString()));
        await AssertListenerFailsOrIsCutOffAsync(listen);
    }

    [Test]
    [Requirement("NOISE-EXT-003")]
    [Requirement("TLS-ALPN-004")]
    public async Task Common_muxer_is_agreed_during_the_handshake()
    {
        if (!SupportsEarlyMuxer)
        {
            Assert.Ignore("this channel has no inlined muxer negotiation; multistream-select negotiates the muxer");
        }
        await using SecuredPair pair = await SecureAsync(
            PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, YamuxFirst, ["/mplex/6.7.0", "/yamux/1.0.0"]);
        Assert.That(pair.Dialer.EarlyMuxer, Is.Not.Null);
        Assert.That(pair.Dialer.EarlyMuxer, Is.EqualTo(pair.Listener.EarlyMuxer));
        Assert.That(YamuxFirst, Does.Contain(pair.Dialer.EarlyMuxer));

        await using SecuredPair single = await SecureAsync(
            PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, ["/mplex/6.7.0"], YamuxFirst);
        Assert.That(single.Dialer.EarlyMuxer, Is.EqualTo("/mplex/6.7.0"));
        Assert.That(single.Listener.EarlyMuxer, Is.EqualTo("/mplex/6.7.0"));
    }

    [Test]
    [Requirement("NOISE-EXT-005")]
    [Requirement("TLS-ALPN-001")]
    public async Task Without_muxer_lists_no_muxer_is_agreed()
    {
        await using SecuredPair none = await SecureAsync(PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, [], []);
        Assert.That(none.Dialer.EarlyMuxer, Is.Null);
        Assert.That(none.Listener.EarlyMuxer, Is.Null);

        await using SecuredPair oneSided = await SecureAsync(PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, YamuxFirst, []);
        Assert.That(oneSided.Dialer.EarlyMuxer, Is.Null);
        Assert.That(oneSided.Listener.EarlyMuxer, Is.Null);
    }

    [Test]
    [Requirement("NOISE-EXT-004")]
    [Requirement("TLS-ALPN-004")]
    public async Task Disjoint_muxer_lists_fall_back_or_fail_as_the_channel_specifies()
    {
        if (!SupportsEarlyMuxer)
        {
            Assert.Ignore("this channel has no inlined muxer negotiation; multistream-select negotiates the muxer");
        }
        PrivateKey dialerKey = PrivateKey.Generate(KeyType.Ed25519);
        PrivateKey listenerKey = PrivateKey.Generate(KeyType.Ed25519);
        if (DisjointMuxersFailHandshake)
        {
            await using RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
            Task<ISecureConnection> dial = CreateProtocol(dialerKey, ["/yamux/1.0.0"], TimeSpan.FromSeconds(10)).SecureOutboundAsync(raw.Dialer, null).AsTask();
            Task<ISecureConnection> listen = CreateProtocol(listenerKey, ["/mplex/6.7.0"], TimeSpan.FromSeconds(10)).SecureInboundAsync(raw.Listener).AsTask();
            Assert.ThrowsAsync(Is.InstanceOf<ProtocolViolationException>(), async () => await dial.WaitAsync(PipeIo.Timeout));
            await AssertListenerFailsOrIsCutOffAsync(listen);
        }
        else
        {
            await using SecuredPair pair = await SecureAsync(dialerKey, listenerKey, null, ["/yamux/1.0.0"], ["/mplex/6.7.0"]);
            Assert.That(pair.Dialer.EarlyMuxer, Is.Null);
            Assert.That(pair.Listener.EarlyMuxer, Is.Null);
        }
    }

    [Test]
    [Requirement("SECURITY-DATA-003")]
    [Requirement("NOISE-WIRE-002")]
    public async Task Large_transfers_arrive_intact_in_both_directions()
    {
        await using SecuredPair pair = await SecureAsync(PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, [], []);
        byte[] up = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        byte[] down = RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 5);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);

        Task<byte[]> listenerReads = PipeIo.ReadToEndAsync(pair.Listener.Input, cts.Token);
        Task<byte[]> dialerReads = PipeIo.ReadToEndAsync(pair.Dialer.Input, cts.Token);
        Task upload = WriteThenCloseAsync(pair.Dialer.Output, up, 200_000, cts.Token);
        Task download = WriteThenCloseAsync(pair.Listener.Output, down, 70_000, cts.Token);
        await Task.WhenAll(upload, download, listenerReads, dialerReads).WaitAsync(PipeIo.Timeout);

        Assert.That(listenerReads.Result.AsSpan().SequenceEqual(up), Is.True, "dialer to listener");
        Assert.That(dialerReads.Result.AsSpan().SequenceEqual(down), Is.True, "listener to dialer");
    }

    [Test]
    [Requirement("SECURITY-DATA-004")]
    public async Task Half_close_delivers_end_of_stream_after_the_data_and_keeps_the_other_direction_open()
    {
        await using SecuredPair pair = await SecureAsync(PrivateKey.Generate(KeyType.Ed25519), PrivateKey.Generate(KeyType.Ed25519), null, [], []);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        byte[] request = RandomNumberGenerator.GetBytes(100_000);
        Task<byte[]> listenerReads = PipeIo.ReadToEndAsync(pair.Listener.Input, cts.Token);
        await WriteThenCloseAsync(pair.Dialer.Output, request, 30_000, cts.Token);
        byte[] received = await listenerReads.WaitAsync(PipeIo.Timeout);
        Assert.That(received.AsSpan().SequenceEqual(request), Is.True);

        // The dialer's write side is closed; the listener can still answer on the other direction.
        byte[] response = RandomNumberGenerator.GetBytes(50_000);
        Task<byte[]> dialerReads = PipeIo.ReadToEndAsync(pair.Dialer.Input, cts.Token);
        await WriteThenCloseAsync(pair.Listener.Output, response, 10_000, cts.Token);
        byte[] answer = await dialerReads.WaitAsync(PipeIo.Timeout);
        Assert.That(answer.AsSpan().SequenceEqual(response), Is.True);
    }

    /// <summary>Runs both handshakes concurrently over a fresh raw pair.</summary>
    protected async Task<SecuredPair> SecureAsync(PrivateKey dialerKey, PrivateKey listenerKey, PeerId? expected, IReadOnlyList<string> dialerMuxers, IReadOnlyList<string> listenerMuxers)
    {
        RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
        Task<ISecureConnection> dial = CreateProtocol(dialerKey, dialerMuxers, TimeSpan.FromSeconds(10)).SecureOutboundAsync(raw.Dialer, expected).AsTask();
        Task<ISecureConnection> listen = CreateProtocol(listenerKey, listenerMuxers, TimeSpan.FromSeconds(10)).SecureInboundAsync(raw.Listener).AsTask();
        await Task.WhenAll(dial, listen).WaitAsync(PipeIo.Timeout);
        return new SecuredPair(dial.Result, listen.Result, raw);
    }

    /// <summary>The listener either fails with a typed error or ends up with a connection the dialer already closed.</summary>
    protected static async Task AssertListenerFailsOrIsCutOffAsync(Task<ISecureConnection> listen)
    {
        try
        {
            ISecureConnection connection = await listen.WaitAsync(PipeIo.Timeout);
            // TLS 1.3 servers finish before the client has checked the server certificate; the client then aborts.
            await using (connection)
            {
                using var cts = new CancellationTokenSource(PipeIo.Timeout);
                try
                {
                    await PipeIo.ReadToEndAsync(connection.Input, cts.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail("the listener's connection stayed open after the dialer rejected the handshake");
                }
                catch (Exception)
                {
                    // Faulted input: the abort reached the listener, as required.
                }
            }
        }
        catch (Libp2pException)
        {
        }
    }

    private static async Task WriteThenCloseAsync(PipeWriter writer, byte[] data, int chunk, CancellationToken cancellationToken)
    {
        await PipeIo.WriteAllAsync(writer, data, chunk, cancellationToken);
        await writer.CompleteAsync();
    }

    private static async Task AssertEchoAsync(SecuredPair pair, int size)
    {
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        byte[] ping = RandomNumberGenerator.GetBytes(size);
        await pair.Dialer.Output.WriteAsync(ping, cts.Token);
        byte[] got = await PipeIo.ReadExactlyAsync(pair.Listener.Input, size, cts.Token);
        await pair.Listener.Output.WriteAsync(got, cts.Token);
        byte[] back = await PipeIo.ReadExactlyAsync(pair.Dialer.Input, size, cts.Token);
        Assert.That(back, Is.EqualTo(ping));
    }
}
