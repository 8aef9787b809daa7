using System.Security.Cryptography;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Security.Conformance.Tests.Support;

namespace Security.Conformance.Tests;

/// <summary>On-path observation and tampering, and raw garbage against the responder.</summary>
public abstract partial class SecurityConformanceSuite
{
    [Test]
    [Requirement("SECURITY-DATA-001")]
    public async Task Application_bytes_never_appear_in_clear_on_the_wire()
    {
        if (!IsEncrypted)
        {
            Assert.Ignore("plaintext does not encrypt by design (PLAINTEXT-PROTO-002)");
        }
        await using var tap = new WireTap();
        await using SecuredPair pair = await SecureOverAsync(tap);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        byte[] marker = "THIS-MUST-NOT-BE-VISIBLE-ON-THE-WIRE-0123456789"u8.ToArray();
        await pair.Dialer.Output.WriteAsync(marker, cts.Token);
        await PipeIo.ReadExactlyAsync(pair.Listener.Input, marker.Length, cts.Token);
        await pair.Listener.Output.WriteAsync(marker, cts.Token);
        await PipeIo.ReadExactlyAsync(pair.Dialer.Input, marker.Length, cts.Token);

        Assert.That(tap.DialerToListener.AsSpan().IndexOf(marker), Is.EqualTo(-1));
        Assert.That(tap.ListenerToDialer.AsSpan().IndexOf(marker), Is.EqualTo(-1));
    }

    [Test]
    [Requirement("SECURITY-DATA-002")]
    [Requirement("NOISE-WIRE-004")]
    public async Task A_corrupted_byte_on_the_wire_fails_the_connection_instead_of_delivering_altered_data()
    {
        if (!IsEncrypted)
        {
            Assert.Ignore("plaintext has no integrity protection by design (PLAINTEXT-PROTO-002)");
        }
        await using var tap = new WireTap();
        await using SecuredPair pair = await SecureOverAsync(tap);
        using var cts = new CancellationTokenSource(PipeIo.Timeout);
        byte[] message = RandomNumberGenerator.GetBytes(4000);
        tap.CorruptUpcomingDialerByte(ahead: 100);
        await pair.Dialer.Output.WriteAsync(message, cts.Token);

        byte[]? delivered = null;
        Exception? failure = null;
        try
        {
            delivered = await PipeIo.ReadExactlyAsync(pair.Listener.Input, message.Length, cts.Token).WaitAsync(PipeIo.Timeout);
        }
        catch (Exception ex) when (ex is not TimeoutException and not OperationCanceledException)
        {
            failure = ex;
        }
        Assert.That(delivered, Is.Null, "altered data was delivered");
        Assert.That(failure, Is.Not.Null);
    }

    [Test]
    [Requirement("SECURITY-HS-001")]
    [Requirement("SECURITY-HS-002")]
    [Requirement("NOISE-HS-004")]
    public async Task Garbage_instead_of_a_handshake_fails_the_responder_with_a_typed_error()
    {
        await using RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
        Task<ISecureConnection> listen = CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(raw.Listener).AsTask();
        byte[] garbage = RandomNumberGenerator.GetBytes(3000);
        garbage[0] = 0x00; // keep any length prefix small so the garbage is parsed, not awaited
        garbage[1] = 0x40;
        await raw.Dialer.Output.WriteAsync(garbage);
        await raw.Dialer.Output.CompleteAsync();
        Assert.ThrowsAsync(Is.InstanceOf<ProtocolViolationException>(), async () => await listen.WaitAsync(PipeIo.Timeout));
    }

    [Test]
    [Requirement("SECURITY-HS-002")]
    public async Task Peer_closing_mid_handshake_fails_the_responder_with_a_typed_error()
    {
        await using RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
        Task<ISecureConnection> listen = CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(raw.Listener).AsTask();
        await raw.Dialer.Output.WriteAsync(new byte[] { 0x00 });
        await raw.Dialer.Output.CompleteAsync();
        Assert.ThrowsAsync(Is.InstanceOf<ProtocolViolationException>(), async () => await listen.WaitAsync(PipeIo.Timeout));
    }

    [Test]
    [Requirement("SECURITY-HS-002")]
    [Requirement("NOISE-HS-005")]
    public async Task Silent_peer_times_out_with_a_typed_error()
    {
        await using RawConnectionPair raw = await RawConnectionPair.CreateAsync(Transport, CancellationToken.None);
        ISecurityProtocol protocol = CreateProtocol(PrivateKey.Generate(KeyType.Ed25519), [], TimeSpan.FromMilliseconds(300));
        Task<ISecureConnection> listen = protocol.SecureInboundAsync(raw.Listener).AsTask();
        var ex = Assert.ThrowsAsync(Is.InstanceOf<ProtocolViolationException>(), async () => await listen.WaitAsync(PipeIo.Timeout));
        Assert.That(ex!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    private async Task<SecuredPair> SecureOverAsync(WireTap tap)
    {
        Task<ISecureConnection> dial = CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureOutboundAsync(tap.Dialer, null).AsTask();
        Task<ISecureConnection> listen = CreateProtocol(PrivateKey.Generate(KeyType.Ed25519)).SecureInboundAsync(tap.Listener).AsTask();
        await Task.WhenAll(dial, listen).WaitAsync(PipeIo.Timeout);
        return new SecuredPair(dial.Result, listen.Result, new NoopDisposable());
    }

    private sealed class NoopDisposable : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
