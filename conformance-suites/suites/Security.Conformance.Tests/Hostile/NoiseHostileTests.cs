using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Security.Noise;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests.Hostile;

/// <summary>A hostile peer speaking raw Noise to the reference responder and initiator.</summary>
public sealed class NoiseHostileTests
{
    private static NoiseProtocol Protocol(PrivateKey identity, TimeSpan? timeout = null)
        => new(identity, new NoiseOptions { HandshakeTimeout = timeout ?? TimeSpan.FromSeconds(10) });

    [Test]
    [Requirement("NOISE-PAYLOAD-003")]
    [Requirement("NOISE-PAYLOAD-004")]
    [Requirement("NOISE-PAYLOAD-008")]
    public async Task A_correct_hand_built_initiator_is_accepted()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        using NoiseTransportState transport = await HostileNoisePeer.InitiateAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(identity, identity, s), CancellationToken.None);
        await using ISecureConnection connection = await accept.WaitAsync(PipeIo.Timeout);
        Assert.That(connection.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(identity.PublicKey)));
    }

    [Test]
    [Requirement("NOISE-PAYLOAD-005")]
    [Requirement("SECURITY-HS-001")]
    public async Task Signature_over_another_static_key_is_rejected_and_the_connection_closed()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        byte[] otherStatic = NoiseKeyPair.Generate().PublicKey.ToArray();
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        using NoiseTransportState _ = await HostileNoisePeer.InitiateAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(identity, identity, otherStatic), CancellationToken.None);
        var ex = Assert.ThrowsAsync<NoiseException>(async () => await accept.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.Message, Does.Contain("signature"));
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True);
    }

    [Test]
    [Requirement("NOISE-PAYLOAD-004")]
    [Requirement("NOISE-PAYLOAD-005")]
    public async Task Identity_key_not_matching_the_signer_is_rejected()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey claimed = PrivateKey.Generate(KeyType.Ed25519);
        PrivateKey actualSigner = PrivateKey.Generate(KeyType.Ed25519);
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        using NoiseTransportState _ = await HostileNoisePeer.InitiateAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(claimed, actualSigner, s), CancellationToken.None);
        Assert.ThrowsAsync<NoiseException>(async () => await accept.WaitAsync(PipeIo.Timeout));
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True);
    }

    [Test]
    [Requirement("NOISE-API-001")]
    [Requirement("SECURITY-ID-002")]
    public async Task Responder_proving_another_identity_is_rejected_before_our_identity_is_sent()
    {
        (IDuplexPipe ours, IDuplexPipe hostile) = DuplexPipe.CreatePair();
        PrivateKey impostor = PrivateKey.Generate(KeyType.Ed25519);
        PeerId expected = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        Task<ISecureConnection> dial = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureOutboundAsync(ours, expected).AsTask();
        using NoiseHandshakeState _ = await HostileNoisePeer.RespondAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(impostor, impostor, s), CancellationToken.None);
        Assert.ThrowsAsync<PeerIdMismatchException>(async () => await dial.WaitAsync(PipeIo.Timeout));
        // Message 3 (our signed identity) must never reach the impostor.
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True);
    }

    [Test]
    [Requirement("NOISE-HS-002")]
    [Requirement("NOISE-WIRE-001")]
    public async Task Initiator_first_message_is_only_the_ephemeral_key()
    {
        (IDuplexPipe ours, IDuplexPipe hostile) = DuplexPipe.CreatePair();
        Task<ISecureConnection> dial = Protocol(PrivateKey.Generate(KeyType.Ed25519), TimeSpan.FromMilliseconds(500)).SecureOutboundAsync(ours, null).AsTask();
        byte[] first = await HostileNoisePeer.ReceiveAsync(hostile.Input, CancellationToken.None).WaitAsync(PipeIo.Timeout);
        Assert.That(first, Has.Length.EqualTo(32));
        Assert.ThrowsAsync<NoiseException>(async () => await dial.WaitAsync(PipeIo.Timeout));
    }

    [Test]
    [Requirement("NOISE-WIRE-004")]
    [Requirement("SECURITY-DATA-002")]
    public async Task Garbage_ciphertext_after_the_handshake_fails_authentication_and_closes()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        using NoiseTransportState transport = await HostileNoisePeer.InitiateAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(identity, identity, s), CancellationToken.None);
        await using ISecureConnection connection = await accept.WaitAsync(PipeIo.Timeout);

        byte[] garbage = RandomNumberGenerator.GetBytes(100);
        await HostileNoisePeer.SendAsync(hostile.Output, garbage, garbage.Length, CancellationToken.None);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        Assert.ThrowsAsync<NoiseException>(async () => await PipeIo.ReadToEndAsync(connection.Input, cts.Token));
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True, "our side must close its write direction too");
    }

    [Test]
    [Requirement("NOISE-WIRE-004")]
    public async Task Transport_message_shorter_than_the_tag_is_rejected()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey identity = PrivateKey.Generate(KeyType.Ed25519);
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        using NoiseTransportState transport = await HostileNoisePeer.InitiateAsync(hostile, NoiseKeyPair.Generate(), s => HostileNoisePeer.Payload(identity, identity, s), CancellationToken.None);
        await using ISecureConnection connection = await accept.WaitAsync(PipeIo.Timeout);
        await HostileNoisePeer.SendAsync(hostile.Output, new byte[15], 15, CancellationToken.None);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        Assert.ThrowsAsync<NoiseException>(async () => await PipeIo.ReadToEndAsync(connection.Input, cts.Token));
    }

    [Test]
    [Requirement("SECURITY-HS-002")]
    [Requirement("NOISE-HS-005")]
    public async Task Maximum_length_prefix_followed_by_a_stall_times_out()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519), TimeSpan.FromMilliseconds(300)).SecureInboundAsync(ours).AsTask();
        await hostile.Output.WriteAsync((byte[])[0xff, 0xff, .. RandomNumberGenerator.GetBytes(100)]);
        var ex = Assert.ThrowsAsync<NoiseException>(async () => await accept.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.InnerException, Is.InstanceOf<TimeoutException>());
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True);
    }

    [Test]
    [Requirement("NOISE-HS-004")]
    public async Task Truncated_handshake_message_fails_with_a_typed_error()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        await hostile.Output.WriteAsync((byte[])[0x00, 0x20, .. RandomNumberGenerator.GetBytes(10)]);
        await hostile.Output.CompleteAsync();
        var ex = Assert.ThrowsAsync<NoiseException>(async () => await accept.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.Message, Does.Contain("truncated"));
    }

    [Test]
    [Requirement("NOISE-HS-004")]
    public async Task Handshake_message_shorter_than_an_ephemeral_key_is_rejected()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = Protocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        await HostileNoisePeer.SendAsync(hostile.Output, new byte[31], 31, CancellationToken.None);
        Assert.ThrowsAsync<NoiseException>(async () => await accept.WaitAsync(PipeIo.Timeout));
    }
}
