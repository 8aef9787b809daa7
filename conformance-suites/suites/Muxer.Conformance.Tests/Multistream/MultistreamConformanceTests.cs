using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Multistream;
using Libp2p.Transports.Memory;
using Muxer.Conformance.Tests.Support;

namespace Muxer.Conformance.Tests.Multistream;

/// <summary>
/// multistream-select 1.0 (multiformats/multistream-select README; libp2p/specs connections/README.md):
/// our dialer against our listener, and each against a raw tester for exact bytes and hostile input.
/// </summary>
public sealed class MultistreamConformanceTests : ConformanceSuite
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private CancellationTokenSource _cts = new();
    private IRawConnection _a = null!;
    private IRawConnection _b = null!;

    private CancellationToken Ct => _cts.Token;

    /// <summary>Connects two in-memory ends.</summary>
    [SetUp]
    public void SetUpPipes()
    {
        _cts = new CancellationTokenSource(TestTimeout);
        (_a, _b) = DuplexPipePair.Create();
    }

    /// <summary>Disposes the ends.</summary>
    [TearDown]
    public async Task TearDownPipes()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _cts.Dispose();
    }

    // Built by hand (one-byte length, ASCII), independent of the codec under test.
    private static byte[] Frame(string text) => [(byte)(text.Length + 1), .. System.Text.Encoding.ASCII.GetBytes(text), (byte)'\n'];

    private async Task<string> ReadMessageAsync(PipeReader reader)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(Ct);
            var status = MultistreamCodec.TryReadMessage(result.Buffer, 1024, out string message, out SequencePosition end);
            if (status == MultistreamReadStatus.Ok)
            {
                reader.AdvanceTo(end);
                return message;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException($"closed ({status})");
            }
        }
    }

    /// <summary>The dialer sends header and proposal together, in the exact framing, and agrees on the echo.</summary>
    [Test]
    [Requirement("MSS-MSG-001")]
    [Requirement("MSS-MSG-002")]
    [Requirement("MSS-HDR-001")]
    [Requirement("MSS-HDR-002")]
    [Requirement("MSS-NEG-001")]
    [Requirement("MSS-NEG-002")]
    public async Task Dialer_sends_header_and_proposal_with_exact_bytes()
    {
        Task<string> dialing = MultistreamSelect.SelectOutboundAsync(_a, ["/echo/1.0.0"], Ct).AsTask();
        ReadResult result = await _b.Input.ReadAtLeastAsync(19 + 1 + 12 + 1, Ct);
        byte[] expected = [.. Frame("/multistream/1.0.0"), .. Frame("/echo/1.0.0")];
        Assert.That(result.Buffer.Slice(0, expected.Length).ToArray(), Is.EqualTo(expected));
        _b.Input.AdvanceTo(result.Buffer.GetPosition(expected.Length));
        await _b.Output.WriteAsync(expected, Ct);
        Assert.That(await dialing.WaitAsync(Ct), Is.EqualTo("/echo/1.0.0"));
    }

    /// <summary>"na" is exactly 0x03 'n' 'a' '\n', and the dialer then tries its next protocol.</summary>
    [Test]
    [Requirement("MSS-MSG-004")]
    [Requirement("MSS-NEG-003")]
    [Requirement("MSS-NEG-004")]
    [Requirement("MSS-NEG-008")]
    public async Task Listener_answers_na_and_dialer_falls_back()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/b/1"], Ct).AsTask();
        await _a.Output.WriteAsync(new byte[][] { Frame("/multistream/1.0.0"), Frame("/a/1") }.SelectMany(b => b).ToArray(), Ct);
        Assert.That(await ReadMessageAsync(_a.Input), Is.EqualTo("/multistream/1.0.0"));
        ReadResult na = await _a.Input.ReadAtLeastAsync(4, Ct);
        Assert.That(na.Buffer.Slice(0, 4).ToArray(), Is.EqualTo(new byte[] { 0x03, 0x6e, 0x61, 0x0a }));
        _a.Input.AdvanceTo(na.Buffer.GetPosition(4));
        await _a.Output.WriteAsync(Frame("/b/1"), Ct);
        Assert.That(await ReadMessageAsync(_a.Input), Is.EqualTo("/b/1"));
        Assert.That(await listening.WaitAsync(Ct), Is.EqualTo("/b/1"));
    }

    /// <summary>Our dialer and listener agree on the first common protocol; bytes after agreement belong to it.</summary>
    [Test]
    [Requirement("MSS-NEG-004")]
    [Requirement("MSS-NEG-005")]
    [Requirement("MSS-NEG-006")]
    public async Task Dialer_and_listener_agree_and_leave_following_bytes_unread()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/c/1", "/b/1"], Ct).AsTask();
        string chosen = await MultistreamSelect.SelectOutboundAsync(_a, ["/a/1", "/B/1", "/b/1", "/c/1"], Ct);
        await _a.Output.WriteAsync(new byte[] { 1, 2, 3 }, Ct);
        Assert.That(chosen, Is.EqualTo("/b/1"));
        Assert.That(await listening.WaitAsync(Ct), Is.EqualTo("/b/1"));
        Assert.That(await StreamIO.ReadExactlyAsync(_b.Input, 3, Ct), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    /// <summary>When every proposal is refused the dialer fails with ProtocolNotSupportedException.</summary>
    [Test]
    [Requirement("MSS-NEG-004")]
    public async Task No_common_protocol_is_a_typed_error()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/z/1"], Ct).AsTask();
        Assert.That(async () => await MultistreamSelect.SelectOutboundAsync(_a, ["/a/1", "/b/1"], Ct), Throws.InstanceOf<ProtocolNotSupportedException>());
        await _a.Output.CompleteAsync();
        Assert.That(async () => await listening, Throws.InstanceOf<ProtocolViolationException>());
    }

    /// <summary>A listener with a match function accepts IDs it was not given literally and returns the one negotiated.</summary>
    [Test]
    [Requirement("MSS-NEG-007")]
    public async Task Listener_with_match_function_returns_the_negotiated_id()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, id => id.StartsWith("/echo/", StringComparison.Ordinal), ["/echo/1.0.0"], Ct).AsTask();
        Assert.That(await MultistreamSelect.SelectOutboundAsync(_a, ["/echo/2.0.0"], Ct), Is.EqualTo("/echo/2.0.0"));
        Assert.That(await listening.WaitAsync(Ct), Is.EqualTo("/echo/2.0.0"));
    }

    /// <summary>"ls" is answered with the supported protocols; the exact request bytes are 0x03 'l' 's' '\n'.</summary>
    [Test]
    [Requirement("MSS-LS-001")]
    [Requirement("MSS-LS-002")]
    public async Task Ls_lists_the_supported_protocols()
    {
        Assert.That(Frame("ls"), Is.EqualTo(new byte[] { 0x03, 0x6c, 0x73, 0x0a }));
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/a/1", "/b/2"], Ct).AsTask();
        IReadOnlyList<string> listed = await MultistreamSelect.ListAsync(_a, Ct);
        Assert.That(listed, Is.EqualTo(new[] { "/a/1", "/b/2" }));
        await _a.Output.WriteAsync(Frame("/b/2"), Ct);
        Assert.That(await ReadMessageAsync(_a.Input), Is.EqualTo("/b/2"));
        Assert.That(await listening.WaitAsync(Ct), Is.EqualTo("/b/2"));
    }

    /// <summary>Optimistic negotiation: data goes out before the echo, and the echo is consumed on first read.</summary>
    [Test]
    [Requirement("MSS-NEG-009")]
    public async Task Lazy_dialer_writes_before_the_echo_and_reads_after_it()
    {
        IDuplexPipe lazy = await MultistreamSelect.SelectOutboundLazyAsync(_a, "/echo/1.0.0", Ct);
        await lazy.Output.WriteAsync(new byte[] { 10, 20 }, Ct);
        Assert.That(await MultistreamSelect.SelectInboundAsync(_b, ["/echo/1.0.0"], Ct), Is.EqualTo("/echo/1.0.0"));
        Assert.That(await StreamIO.ReadExactlyAsync(_b.Input, 2, Ct), Is.EqualTo(new byte[] { 10, 20 }));
        await _b.Output.WriteAsync(new byte[] { 30 }, Ct);
        Assert.That(await StreamIO.ReadExactlyAsync(lazy.Input, 1, Ct), Is.EqualTo(new byte[] { 30 }));
    }

    /// <summary>Optimistic negotiation refused with "na" surfaces as ProtocolNotSupportedException on read.</summary>
    [Test]
    [Requirement("MSS-NEG-009")]
    [Requirement("MSS-NEG-003")]
    public async Task Lazy_dialer_refused_fails_on_first_read()
    {
        IDuplexPipe lazy = await MultistreamSelect.SelectOutboundLazyAsync(_a, "/echo/1.0.0", Ct);
        await _b.Output.WriteAsync(new byte[][] { Frame("/multistream/1.0.0"), Frame("na") }.SelectMany(b => b).ToArray(), Ct);
        Assert.That(async () => await lazy.Input.ReadAsync(Ct), Throws.InstanceOf<ProtocolNotSupportedException>());
        Assert.That(async () => await lazy.Input.ReadAsync(Ct), Throws.InstanceOf<ProtocolNotSupportedException>());
    }

    /// <summary>A wrong first message aborts the negotiation.</summary>
    [Test]
    [Requirement("MSS-HDR-003")]
    public async Task Wrong_header_aborts()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/a/1"], Ct).AsTask();
        await _a.Output.WriteAsync(Frame("/multistream/2.0.0"), Ct);
        Assert.That(async () => await listening, Throws.InstanceOf<ProtocolViolationException>());
    }

    /// <summary>Malformed and oversized messages abort the negotiation with a typed error, before buffering the body.</summary>
    [TestCase(new byte[] { 0x03, (byte)'/', (byte)'a', (byte)'b' }, TestName = "Missing newline")]
    [TestCase(new byte[] { 0x81, 0x00 }, TestName = "Non-minimal varint length")]
    [TestCase(new byte[] { 0x00 }, TestName = "Zero length")]
    [TestCase(new byte[] { 0x81, 0x08 }, TestName = "Length 1025 without body")]
    [TestCase(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, TestName = "Huge length without body")]
    [TestCase(new byte[] { 0x03, 0xC3, 0x28, 0x0A }, TestName = "Invalid UTF-8")]
    [TestCase(new byte[] { 0x03, 0x01, 0x02, 0x0A }, TestName = "Control characters")]
    [Requirement("MSS-MSG-003")]
    [Requirement("MSS-MSG-005")]
    [Requirement("MSS-MSG-006")]
    public async Task Malformed_messages_abort_the_negotiation(byte[] message)
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/a/1"], Ct).AsTask();
        await _a.Output.WriteAsync(new byte[][] { Frame("/multistream/1.0.0"), message }.SelectMany(b => b).ToArray(), Ct);
        Assert.That(async () => await listening, Throws.InstanceOf<ProtocolViolationException>());
    }

    /// <summary>Protocol IDs with a newline (or not starting with '/', or too long) are never proposed.</summary>
    [TestCase("/a\n/b")]
    [TestCase("no-slash")]
    [TestCase("")]
    [Requirement("MSS-MSG-007")]
    public void Invalid_protocol_ids_are_refused_before_sending(string id)
    {
        Assert.That(async () => await MultistreamSelect.SelectOutboundAsync(_a, [id], Ct), Throws.InstanceOf<ArgumentException>());
        Assert.That(MultistreamCodec.IsValidProtocolId("/" + new string('x', 1023)), Is.False);
    }

    /// <summary>A peer that keeps proposing unsupported protocols is cut off after a bounded number of rounds.</summary>
    [Test]
    [Requirement("MSS-NEG-010")]
    public async Task Endless_proposals_are_cut_off()
    {
        Task<string> listening = MultistreamSelect.SelectInboundAsync(_b, ["/a/1"], Ct).AsTask();
        Task reading = Task.Run(async () =>
        {
            while (true)
            {
                ReadResult r = await _a.Input.ReadAsync(Ct);
                _a.Input.AdvanceTo(r.Buffer.End);
                if (r.IsCompleted)
                {
                    return;
                }
            }
        });
        await _a.Output.WriteAsync(Frame("/multistream/1.0.0"), Ct);
        for (int i = 0; i <= MultistreamSelect.MaxNegotiationRounds; i++)
        {
            await _a.Output.WriteAsync(Frame($"/nope/{i}"), Ct);
        }
        Assert.That(async () => await listening, Throws.InstanceOf<ProtocolViolationException>());
        await _b.Output.CompleteAsync();
        await reading.WaitAsync(Ct);
    }
}
