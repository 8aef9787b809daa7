using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;

namespace Libp2p.Transports.Quic.Tests;

/// <summary>
/// Frames that break stream-direction, stream-limit and connection-ID rules, sent by an authenticated client inside
/// properly protected packets: the server closes with the transport error RFC 9000 names, and the client learns it.
/// </summary>
public sealed class QuicProtocolViolationTests
{
    private const string Cid = "0102030405060708";
    private const string Token = "00112233445566778899aabbccddeeff";

    [TestCase("0a030100", QuicTransportError.StreamStateError, TestName = "STREAM on the server's own unidirectional stream")]
    [TestCase("11024064", QuicTransportError.StreamStateError, TestName = "MAX_STREAM_DATA for a receive-only stream")]
    [TestCase("0502 00", QuicTransportError.StreamStateError, TestName = "STOP_SENDING for a receive-only stream")]
    [TestCase("04030000", QuicTransportError.StreamStateError, TestName = "RESET_STREAM on a send-only stream")]
    [TestCase("0a40420100", QuicTransportError.StreamLimitError, TestName = "unidirectional stream beyond the advertised limit")]
    [TestCase("194064", QuicTransportError.ProtocolViolation, TestName = "RETIRE_CONNECTION_ID for a sequence never issued")]
    [TestCase("180a00" + "08" + Cid + Token + "180b00" + "08" + Cid + Token, QuicTransportError.ConnectionIdLimitError, TestName = "more connection IDs than active_connection_id_limit")]
    [TestCase("180200" + "08" + Cid + Token, QuicTransportError.ProtocolViolation, TestName = "a known sequence number for another connection ID")]
    [Requirement("QUIC-STREAM-002")]
    [Requirement("QUIC-CID-001")]
    public async Task Violation_ClosesTheConnection_WithTheRightError(string frames, QuicTransportError expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using QuicLoopbackPair pair = await QuicLoopbackPair.StartAsync(cts.Token);
        QuicConnection dialed = pair.Dialed;
        QuicConnection accepted = pair.Accepted;

        dialed.InjectFrames(Convert.FromHexString(frames.Replace(" ", "", StringComparison.Ordinal)));
        await accepted.Completion.WaitAsync(cts.Token);
        Assert.That(accepted.CloseError?.Code, Is.EqualTo(expected), accepted.CloseError?.Message);
        await dialed.Completion.WaitAsync(cts.Token);
        Assert.That(dialed.CloseError?.Code, Is.EqualTo(expected));
        Assert.That(dialed.CloseError?.IsRemote, Is.True);
    }
}
