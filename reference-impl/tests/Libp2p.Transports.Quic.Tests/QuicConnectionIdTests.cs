using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>Connection IDs and stateless resets (RFC 9000 §5.1, §10.3, §19.15, §19.16).</summary>
public sealed class QuicConnectionIdTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task EchoOnceAsync(QuicConnection connection, CancellationToken token)
    {
        IMuxedStream stream = await connection.OpenStreamAsync(token);
        byte[] payload = RandomNumberGenerator.GetBytes(2000);
        Assert.That(await QuicLoopbackTests.SendAndReceiveAsync(stream, payload, token), Is.EqualTo(payload));
        await stream.DisposeAsync();
    }

    [Test]
    [Requirement("QUIC-CID-001")]
    public async Task IssuedConnectionIds_RouteTraffic_AndRetiredOnesAreReplaced()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using QuicLoopbackPair pair = await QuicLoopbackPair.StartAsync(cts.Token);
        QuicConnection dialed = pair.Dialed;
        QuicConnection accepted = pair.Accepted;
        Task serve = QuicLoopbackTests.ServeEchoAsync(accepted, cts.Token);
        await EchoOnceAsync(dialed, cts.Token);
        // Both peers allow 4 active IDs (active_connection_id_limit): each issued three beyond its first.
        Assert.That(accepted.ActiveIssuedCidCount, Is.EqualTo(4));
        Assert.That(dialed.ActiveIssuedCidCount, Is.EqualTo(4));

        var used = new HashSet<string> { Convert.ToHexString(dialed.RemoteCid) };
        for (int i = 0; i < 8; i++)
        {
            // Retire the ID in use and move to the next: the server must route by it, retire the old one and issue
            // a replacement, or the client would run out after three rotations.
            Assert.That(dialed.RotatePeerConnectionId(), Is.True, $"rotation {i}");
            Assert.That(used.Add(Convert.ToHexString(dialed.RemoteCid)), Is.True, "a retired ID is never used again");
            await EchoOnceAsync(dialed, cts.Token);
            Assert.That(accepted.ActiveIssuedCidCount, Is.EqualTo(4));
        }
        Assert.That(dialed.CloseError, Is.Null);
        Assert.That(accepted.CloseError, Is.Null);
        await dialed.CloseAsync(cts.Token);
        await serve.WaitAsync(cts.Token);
    }

    [Test]
    [Requirement("QUIC-CID-001")]
    public async Task RetirePriorTo_MakesThePeerRetireEveryOlderId_AndMoveToTheNewOne()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using QuicLoopbackPair pair = await QuicLoopbackPair.StartAsync(cts.Token);
        QuicConnection dialed = pair.Dialed;
        QuicConnection accepted = pair.Accepted;
        Task serve = QuicLoopbackTests.ServeEchoAsync(accepted, cts.Token);
        await EchoOnceAsync(dialed, cts.Token);
        byte[] before = dialed.RemoteCid;

        for (int round = 0; round < 3; round++)
        {
            accepted.RotateLocalConnectionIds();
            // The echo's request can only be sent after the NEW_CONNECTION_ID, whose retire_prior_to covers every
            // ID the client knew: it must move to the new ID and retire the others.
            await EchoOnceAsync(dialed, cts.Token);
            await EchoOnceAsync(dialed, cts.Token);
            byte[] after = dialed.RemoteCid;
            Assert.That(after, Is.Not.EqualTo(before), $"round {round}");
            before = after;
            // The server saw the retirements and issued replacements up to the limit again.
            Assert.That(accepted.ActiveIssuedCidCount, Is.EqualTo(4), $"round {round}");
        }
        Assert.That(dialed.CloseError, Is.Null);
        Assert.That(accepted.CloseError, Is.Null);
        await dialed.CloseAsync(cts.Token);
        await serve.WaitAsync(cts.Token);
    }

    [Test]
    [Requirement("QUIC-CID-002")]
    public async Task AnEndpointThatLostTheConnection_AnswersWithAStatelessReset_AndThePeerCloses()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using QuicLoopbackPair pair = await QuicLoopbackPair.StartAsync(cts.Token);
        QuicConnection dialed = pair.Dialed;
        QuicConnection accepted = pair.Accepted;

        accepted.ForgetSilently();
        try
        {
            // Any short-header packet from the client now hits an unknown ID (a pending ACK may already have).
            IMuxedStream stream = await dialed.OpenStreamAsync(cts.Token);
            await stream.Output.WriteAsync(new byte[100], cts.Token);
        }
        catch (MuxerClosedException)
        {
            // the reset came first
        }
        await dialed.Completion.WaitAsync(cts.Token);
        Assert.That(dialed.CloseError?.Message, Does.Contain("stateless reset"));
    }

    [Test]
    [Requirement("QUIC-CID-002")]
    public async Task StatelessResets_AreSmallerThanTheirTrigger_AndTinyTriggersGetNone()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var server = new QuicTransport(PrivateKey.Generate(KeyType.Ed25519));
        await using QuicListener listener = await server.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/udp/0/quic-v1"), cts.Token);
        QuicAddress.TryParse(listener.LocalAddress, out IPEndPoint? target, out _);
        using var prober = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (int i = 0; i < 5; i++)
        {
            // 21 bytes: a reset would have to be smaller, and no reset may be smaller than 21 bytes.
            byte[] tiny = RandomNumberGenerator.GetBytes(21);
            tiny[0] = 0x41;
            await prober.SendAsync(tiny, target!, cts.Token);
        }
        byte[] trigger = RandomNumberGenerator.GetBytes(40);
        trigger[0] = 0x41;
        await prober.SendAsync(trigger, target!, cts.Token);
        // The endpoint handles datagrams in order: the first answer can only be the one to the 40-byte trigger.
        UdpReceiveResult reset = await prober.ReceiveAsync(cts.Token);
        Assert.That(reset.Buffer.Length, Is.InRange(21, 39));
        Assert.That(reset.Buffer[0] & 0xc0, Is.EqualTo(0x40), "looks like a short-header packet");
        Assert.That(server.ConnectionCount, Is.Zero);
    }
}
