using System.IO.Pipelines;
using Google.Protobuf;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Protos;
using Libp2p.Security.Plaintext;
using Security.Conformance.Tests.Support;
using KeyType = Libp2p.Core.Identity.KeyType;
using PeerId = Libp2p.Core.Identity.PeerId;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;

namespace Security.Conformance.Tests.Hostile;

/// <summary>Malformed Exchange messages against the reference <c>/plaintext/2.0.0</c>.</summary>
public sealed class PlaintextHostileTests
{
    [Test]
    [Requirement("PLAINTEXT-FRAME-002")]
    [Requirement("PLAINTEXT-EX-004")]
    public async Task Oversize_length_prefix_is_rejected_without_waiting_for_the_body()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = new PlaintextProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        var prefix = new byte[Varint.MaxLength];
        int n = Varint.Write(prefix, 1UL << 31);
        await hostile.Output.WriteAsync(prefix.AsMemory(0, n));
        Assert.ThrowsAsync<PlaintextException>(async () => await accept.WaitAsync(PipeIo.Timeout));
        Assert.That(await HostileNoisePeer.IsClosedAsync(hostile.Input), Is.True);
    }

    [Test]
    [Requirement("PLAINTEXT-EX-002")]
    public async Task Id_not_derived_from_the_key_is_rejected()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = new PlaintextProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        PeerId other = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        await hostile.Output.WriteAsync(Frame(new Exchange
        {
            Id = ByteString.CopyFrom(other.Bytes),
            Pubkey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(key.PublicKey.ToProtobuf()),
        }));
        Assert.ThrowsAsync<PlaintextException>(async () => await accept.WaitAsync(PipeIo.Timeout));
    }

    [Test]
    [Requirement("PLAINTEXT-EX-005")]
    public async Task Exchange_without_a_key_is_rejected()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        Task<ISecureConnection> accept = new PlaintextProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        PeerId id = PeerId.FromPublicKey(PrivateKey.Generate(KeyType.Ed25519).PublicKey);
        await hostile.Output.WriteAsync(Frame(new Exchange { Id = ByteString.CopyFrom(id.Bytes) }));
        Assert.ThrowsAsync<PlaintextException>(async () => await accept.WaitAsync(PipeIo.Timeout));
    }

    [Test]
    [Requirement("PLAINTEXT-EX-007")]
    [Requirement("PLAINTEXT-FRAME-001")]
    public async Task Bytes_after_the_exchange_reach_the_next_layer_unmodified()
    {
        (IDuplexPipe hostile, IDuplexPipe ours) = DuplexPipe.CreatePair();
        PrivateKey key = PrivateKey.Generate(KeyType.Ed25519);
        Task<ISecureConnection> accept = new PlaintextProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(ours).AsTask();
        byte[] exchange = Frame(new Exchange
        {
            Id = ByteString.CopyFrom(PeerId.FromPublicKey(key.PublicKey).Bytes),
            Pubkey = Libp2p.Core.Protos.PublicKey.Parser.ParseFrom(key.PublicKey.ToProtobuf()),
        });
        byte[] next = "/multistream/1.0.0\n"u8.ToArray();
        await hostile.Output.WriteAsync((byte[])[.. exchange, .. next]);
        await using ISecureConnection connection = await accept.WaitAsync(PipeIo.Timeout);
        Assert.That(connection.RemotePeer, Is.EqualTo(PeerId.FromPublicKey(key.PublicKey)));
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        Assert.That(await PipeIo.ReadExactlyAsync(connection.Input, next.Length, cts.Token), Is.EqualTo(next));
    }

    private static byte[] Frame(Exchange exchange)
    {
        byte[] body = exchange.ToByteArray();
        var prefix = new byte[Varint.MaxLength];
        int n = Varint.Write(prefix, (ulong)body.Length);
        return [.. prefix.AsSpan(0, n), .. body];
    }
}
