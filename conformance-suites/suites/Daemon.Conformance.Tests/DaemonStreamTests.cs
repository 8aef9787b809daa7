using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon;
using Libp2p.Host;
using Libp2p.Protocols.Echo;

namespace Daemon.Conformance.Tests;

/// <summary>
/// STREAM_OPEN and STREAM_HANDLER (go-libp2p-daemon specs/CONTROL.md): the daemon opens streams to the tester and
/// carries the tester's streams to the client, negotiating each with multistream-select over its muxer.
/// </summary>
[Order(3)]
public sealed class DaemonStreamTests : DaemonTargetSuite
{
    private const string Absent = "/conformance/absent/1.0.0";

    /// <summary>
    /// STREAM_OPEN with an unsupported protocol first and echo second: the daemon falls back after "na", answers
    /// StreamInfo for the tester and echo, and the socket then carries 300 KiB each way intact.
    /// </summary>
    [Test]
    [Requirement("DAEMON-STREAM-001")]
    [Requirement("DAEMON-STREAM-003")]
    [Requirement("MSS-NEG-004")]
    public Task Stream_open_negotiates_past_a_refused_protocol_and_carries_bytes_both_ways() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        try
        {
            await daemon.ConnectToTesterAsync(ct);
            await using DaemonStream stream = await daemon.Client.OpenStreamAsync(daemon.Tester.PeerId, [Absent, EchoProtocol.Id], TimeSpan.FromSeconds(20), ct);
            Assert.Multiple(() =>
            {
                Assert.That(stream.Protocol, Is.EqualTo(EchoProtocol.Id), "StreamInfo.proto");
                Assert.That(stream.Peer, Is.EqualTo(daemon.Tester.PeerId), "StreamInfo.peer");
            });
            byte[] data = StreamBytes.Payload();
            byte[] echoed = await StreamBytes.EchoRoundTripAsync(stream, data, ct);
            Assert.That(echoed.AsSpan().SequenceEqual(data), Is.True, $"sent {data.Length} bytes through the daemon, the tester echoed, {echoed.Length} came back (or different bytes)");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    });

    /// <summary>STREAM_OPEN for protocols the tester refuses, and to a peer nobody knows, answer ERROR.</summary>
    [Test]
    [Requirement("DAEMON-STREAM-002")]
    [Requirement("DAEMON-CTRL-002")]
    [Requirement("HOST-STREAM-002")]
    public Task Stream_open_for_refused_protocols_or_an_unknown_peer_answers_error() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        PeerId self = (await daemon.IdentifyAsync(ct)).PeerId;
        try
        {
            await daemon.ConnectToTesterAsync(ct);
            Assert.That(async () => await daemon.Client.OpenStreamAsync(daemon.Tester.PeerId, [Absent], TimeSpan.FromSeconds(20), ct),
                Throws.TypeOf<ControlProtocolException>(), $"STREAM_OPEN for {Absent}, which the tester answers with na");
            Assert.That(async () => await daemon.Client.OpenStreamAsync(DaemonUnderTest.Stranger(), [EchoProtocol.Id], TimeSpan.FromSeconds(10), ct),
                Throws.TypeOf<ControlProtocolException>(), "STREAM_OPEN to a peer that is neither connected nor known");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(self);
        }
    });

    /// <summary>
    /// After STREAM_HANDLER, a stream the tester opens for that protocol reaches the client with a StreamInfo naming
    /// the tester and the protocol, and carries 300 KiB each way; a protocol nobody registered is refused.
    /// </summary>
    [Test]
    [Requirement("DAEMON-STREAM-004")]
    [Requirement("DAEMON-STREAM-005")]
    [Requirement("HOST-STREAM-003")]
    [Requirement("HOST-STREAM-005")]
    public Task Inbound_streams_reach_the_registered_handler() => ForEachDaemonAsync(async (daemon, ct) =>
    {
        string protocol = $"/conformance/daemon-handler/{Guid.NewGuid():N}/1.0.0";
        var seen = new TaskCompletionSource<(PeerId Peer, string Protocol)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using DaemonStreamHandlerRegistration registration = await daemon.Client.RegisterStreamHandlerAsync([protocol], async (stream, token) =>
        {
            seen.TrySetResult((stream.Peer, stream.Protocol));
            await StreamBytes.EchoAsync(stream, token);
        }, ct);
        DaemonIdentity identity = await daemon.IdentifyAsync(ct);
        Multiaddr address = identity.Addresses.First(a => a.ToString().Contains("/tcp/", StringComparison.Ordinal));
        try
        {
            await daemon.Tester.DialAsync(Multiaddr.Parse($"{address}/p2p/{identity.PeerId}"), ct);
            StreamContext context = await daemon.Tester.NewStreamAsync(identity.PeerId, [protocol], ct);
            byte[] data = StreamBytes.Payload();
            byte[] echoed = await StreamBytes.EchoRoundTripAsync(context.Pipe, data, ct);
            (PeerId peer, string negotiated) = await seen.Task.WaitAsync(ct);
            Assert.Multiple(() =>
            {
                Assert.That(peer, Is.EqualTo(daemon.Tester.PeerId), "StreamInfo.peer of the inbound stream");
                Assert.That(negotiated, Is.EqualTo(protocol), "StreamInfo.proto of the inbound stream");
                Assert.That(echoed.AsSpan().SequenceEqual(data), Is.True, $"sent {data.Length} bytes to the handler, {echoed.Length} came back (or different bytes)");
            });
            // Two proposals, so the tester waits for the daemon's answer to each instead of negotiating lazily.
            Assert.That(async () => await daemon.Tester.NewStreamAsync(identity.PeerId, ["/conformance/unregistered/1.0.0", "/conformance/unregistered/2.0.0"], ct),
                Throws.InstanceOf<ProtocolNotSupportedException>(), "a stream for protocols no client registered");
        }
        finally
        {
            await daemon.Tester.DisconnectAsync(identity.PeerId);
        }
    });
}
