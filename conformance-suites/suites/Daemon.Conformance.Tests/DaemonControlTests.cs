using Google.Protobuf;
using Libp2p.Conformance;
using Libp2p.Conformance.Daemon;
using Libp2p.Daemon;
using Libp2p.Daemon.Protocol;

namespace Daemon.Conformance.Tests;

/// <summary>
/// The control protocol under abuse and for what the daemon lacks (go-libp2p-daemon specs/CONTROL.md, "Errors"):
/// every request gets a Response, and the daemon goes on serving. Runs last, since a daemon that fails it may die.
/// </summary>
[Order(9)]
public sealed class DaemonControlTests : DaemonTargetSuite
{
    /// <summary>Malformed requests (bytes as sent on a fresh control connection, whose sending half then closes).</summary>
    public static IEnumerable<TestCaseData> MalformedRequests()
    {
        yield return new TestCaseData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }).SetArgDisplayNames("varint longer than 9 bytes");
        yield return new TestCaseData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08 }).SetArgDisplayNames("length prefix of 2 GiB");
        yield return new TestCaseData(new byte[] { 0x0A, 0x08, 0x01, 0x12 }).SetArgDisplayNames("frame shorter than its prefix");
        yield return new TestCaseData(new byte[] { 0x03, 0x12, 0x09, 0x0A }).SetArgDisplayNames("undecodable protobuf");
        yield return new TestCaseData(new byte[] { 0x02, 0x08, 0x2A }).SetArgDisplayNames("unknown request type 42");
        yield return new TestCaseData(new byte[] { 0x02, 0x08, 0x02 }).SetArgDisplayNames("STREAM_OPEN without its body");
    }

    /// <summary>Each malformed request is answered with ERROR and a message, and IDENTIFY still works afterwards.</summary>
    [TestCaseSource(nameof(MalformedRequests))]
    [Requirement("DAEMON-CTRL-003")]
    public Task Malformed_requests_are_answered_with_error_and_the_daemon_keeps_serving(byte[] request) => ForEachDaemonAsync(async (daemon, ct) =>
    {
        Response? response = null;
        Exception? unanswered = null;
        try
        {
            response = await daemon.Client.SendRawAsync(request, closeWrite: true, ct);
        }
        catch (Exception e) when (e is ControlProtocolException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            unanswered = e;
        }
        Exception? dead = null;
        try
        {
            await daemon.IdentifyAsync(ct);
        }
        catch (Exception e) when (e is ControlProtocolException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            dead = e;
        }
        Assert.Multiple(() =>
        {
            Assert.That(unanswered, Is.Null, $"sent {Convert.ToHexString(request)}: no Response ({unanswered?.GetType().Name}: {unanswered?.Message})");
            if (response is not null)
            {
                Assert.That(response.Type, Is.EqualTo(Response.Types.Type.Error), $"sent {Convert.ToHexString(request)}: response type");
                Assert.That(response.Error?.Msg, Is.Not.Null.And.Not.Empty, $"sent {Convert.ToHexString(request)}: ERROR without a message");
            }
            Assert.That(dead, Is.Null, $"after {Convert.ToHexString(request)} the daemon no longer answers IDENTIFY ({dead?.GetType().Name}: {dead?.Message})");
        });
    });

    /// <summary>A DHT or PUBSUB request to a daemon started without that subsystem answers ERROR with a message.</summary>
    [Test]
    [Requirement("DAEMON-UNSUP-001")]
    [Requirement("DAEMON-CTRL-002")]
    public Task Requests_for_a_missing_subsystem_answer_error()
    {
        var requests = new List<(string Subsystem, Request Request)>();
        if (!Serves(DaemonTargets.Dht))
        {
            requests.Add((DaemonTargets.Dht, new Request
            {
                Type = Request.Types.Type.Dht,
                Dht = new DHTRequest { Type = DHTRequest.Types.Type.FindPeer, Peer = ByteString.CopyFrom(DaemonUnderTest.Stranger().Bytes) },
            }));
        }
        if (!Serves(DaemonTargets.PubSub))
        {
            requests.Add((DaemonTargets.PubSub, new Request { Type = Request.Types.Type.Pubsub, Pubsub = new PSRequest { Type = PSRequest.Types.Type.GetTopics } }));
        }
        if (requests.Count == 0)
        {
            NotApplicable("the daemon declares both a DHT and pubsub");
        }
        return ForEachDaemonAsync(async (daemon, ct) =>
        {
            foreach ((string subsystem, Request request) in requests)
            {
                Response response = await daemon.Client.SendAsync(request, ct);
                Assert.That(response.Type, Is.EqualTo(Response.Types.Type.Error), $"{subsystem} request to a daemon without it");
                Assert.That(response.Error?.Msg, Is.Not.Null.And.Not.Empty, $"{subsystem}: ERROR without a message");
            }
        });
    }

    /// <summary>CONNMANAGER TAG_PEER and UNTAG_PEER answer OK.</summary>
    [Test]
    [Requirement("DAEMON-CM-001")]
    public Task Connection_manager_tags_and_untags_a_peer()
    {
        RequireSubsystem(DaemonTargets.ConnManager);
        return ForEachDaemonAsync(async (daemon, ct) =>
        {
            ByteString peer = ByteString.CopyFrom(daemon.Tester.PeerId.Bytes);
            foreach (ConnManagerRequest.Types.Type type in new[] { ConnManagerRequest.Types.Type.TagPeer, ConnManagerRequest.Types.Type.UntagPeer })
            {
                var body = new ConnManagerRequest { Type = type, Peer = peer, Tag = "conformance" };
                if (type == ConnManagerRequest.Types.Type.TagPeer)
                {
                    body.Weight = 10;
                }
                Response response = await daemon.Client.SendAsync(new Request { Type = Request.Types.Type.Connmanager, ConnManager = body }, ct);
                Assert.That(response.Type, Is.EqualTo(Response.Types.Type.Ok), $"CONNMANAGER {type}: {response.Error?.Msg}");
            }
        });
    }
}
