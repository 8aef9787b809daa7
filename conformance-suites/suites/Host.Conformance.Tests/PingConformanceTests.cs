using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Libp2p.Conformance;
using Libp2p.Protocols.Ping;

namespace Libp2p.Host.Conformance.Tests;

/// <summary><c>/ipfs/ping/1.0.0</c> (libp2p/specs ping/ping.md) of the reference stack, checked byte by byte.</summary>
[TestFixture("memory")]
[TestFixture("tcp")]
public sealed class PingConformanceTests(string transport)
{
    [Test]
    [Requirement("PING-PROTO-001")]
    [Requirement("PING-MSG-002")]
    [Requirement("PING-LOOP-002")]
    [Requirement("PING-LOOP-004")]
    public async Task ListenerEchoesEvery32BytePayloadThenClosesAfterTheDialer()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, [PingProtocol.Id, "/conformance/never/1.0.0"], cts.Token);
        Assert.That(stream.Protocol, Is.EqualTo(PingProtocol.Id));

        for (int round = 0; round < 3; round++)
        {
            byte[] payload = RandomNumberGenerator.GetBytes(PingProtocol.PayloadSize);
            await stream.Pipe.Output.WriteAsync(payload, cts.Token);
            ReadResult read = await stream.Pipe.Input.ReadAtLeastAsync(PingProtocol.PayloadSize, cts.Token);
            Assert.That(read.Buffer.Slice(0, PingProtocol.PayloadSize).ToArray(), Is.EqualTo(payload));
            stream.Pipe.Input.AdvanceTo(read.Buffer.GetPosition(PingProtocol.PayloadSize));
        }
        await stream.Pipe.Output.CompleteAsync();

        ReadResult end = await stream.Pipe.Input.ReadAsync(cts.Token);
        Assert.That(end.IsCompleted && end.Buffer.IsEmpty, Is.True, "the listener closes its side after the dialer closed");
        stream.Pipe.Input.AdvanceTo(end.Buffer.End);
        await stream.Stream.DisposeAsync();
    }

    [Test]
    [Requirement("PING-MSG-001")]
    [Requirement("PING-MSG-003")]
    [Requirement("PING-LOOP-001")]
    [Requirement("PING-LOOP-003")]
    public async Task DialerSends32RandomBytesRepeatedlyOnOneStream()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        var seen = new List<byte[]>();
        var closedByDialer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Listener.SetStreamHandler("/conformance/ping-tap/1.0.0", async (context, token) =>
        {
            while (true)
            {
                ReadResult read = await context.Pipe.Input.ReadAtLeastAsync(PingProtocol.PayloadSize, token);
                if (read.Buffer.Length < PingProtocol.PayloadSize)
                {
                    context.Pipe.Input.AdvanceTo(read.Buffer.End);
                    closedByDialer.TrySetResult();
                    await context.Pipe.Output.CompleteAsync();
                    return;
                }
                byte[] payload = read.Buffer.Slice(0, PingProtocol.PayloadSize).ToArray();
                lock (seen)
                {
                    seen.Add(payload);
                }
                context.Pipe.Input.AdvanceTo(read.Buffer.GetPosition(PingProtocol.PayloadSize));
                await context.Pipe.Output.WriteAsync(payload, token);
            }
        });
        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, ["/conformance/ping-tap/1.0.0"], cts.Token);

        for (int i = 0; i < 3; i++)
        {
            TimeSpan rtt = await PingProtocol.PingOnceAsync(stream.Pipe, cts.Token);
            Assert.That(rtt, Is.GreaterThan(TimeSpan.Zero));
        }
        await stream.Pipe.Output.CompleteAsync();
        await closedByDialer.Task.WaitAsync(cts.Token);
        await stream.Stream.DisposeAsync();

        Assert.That(seen, Has.Count.EqualTo(3));
        Assert.That(seen.Select(Convert.ToHexString).Distinct().Count(), Is.EqualTo(3), "each payload is fresh random bytes");
    }

    [Test]
    [Requirement("PING-MSG-004")]
    public async Task AWrongEchoFailsThePing()
    {
        using var cts = new CancellationTokenSource(NodePair.Timeout);
        await using NodePair pair = await NodePair.ConnectAsync(transport, cts.Token);
        pair.Listener.SetStreamHandler("/conformance/bad-echo/1.0.0", async (context, token) =>
        {
            ReadResult read = await context.Pipe.Input.ReadAtLeastAsync(PingProtocol.PayloadSize, token);
            context.Pipe.Input.AdvanceTo(read.Buffer.End);
            await context.Pipe.Output.WriteAsync(new byte[PingProtocol.PayloadSize], token);
            await context.Pipe.Output.CompleteAsync();
            // Returning would dispose the stream while the dialer still reads; wait for the dialer to go away.
            while (!(await context.Pipe.Input.ReadAsync(token) is var more && more.IsCompleted))
            {
                context.Pipe.Input.AdvanceTo(more.Buffer.End);
            }
        });
        StreamContext stream = await StreamOpener.OpenAsync(pair.Connection, ["/conformance/bad-echo/1.0.0"], cts.Token);
        Assert.That(async () => await PingProtocol.PingOnceAsync(stream.Pipe, cts.Token), Throws.InstanceOf<Core.Abstractions.ProtocolViolationException>());
        await stream.Stream.DisposeAsync();
    }
}
