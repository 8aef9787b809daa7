using System.Net;
using System.Net.Sockets;
using System.Text;
using Libp2p.Conformance;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Multiformats;
using Libp2p.Transports.WebSockets;

namespace Transport.Conformance.Tests;

/// <summary>
/// The WebSocket listener against a hostile client speaking raw bytes: malformed upgrade requests must get an
/// HTTP error and a closed connection (no crash, no hang), and frames violating RFC 6455 must end the connection.
/// </summary>
[TestFixture]
public sealed class WebSocketHostileTests
{
    private const string ValidKey = "dGhlIHNhbXBsZSBub25jZQ==";
    private CancellationTokenSource _cts = null!;
    private IConnectionListener _listener = null!;
    private IPEndPoint _endpoint = null!;

    private CancellationToken Ct => _cts.Token;

    [SetUp]
    public async Task ListenAsync()
    {
        _cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var transport = new WebSocketTransport(new WebSocketTransportOptions { HandshakeTimeout = TimeSpan.FromSeconds(2) });
        _listener = await transport.ListenAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0/ws"), Ct);
        var port = int.Parse(_listener.LocalAddress.ToString().Split('/')[4], System.Globalization.CultureInfo.InvariantCulture);
        _endpoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    [TearDown]
    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        _cts.Dispose();
    }

    private static string Request(params string[] headers) =>
        "GET / HTTP/1.1\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n";

    private static readonly string[] ValidHeaders =
        ["Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade", $"Sec-WebSocket-Key: {ValidKey}", "Sec-WebSocket-Version: 13"];

    /// <summary>Sends <paramref name="request"/> raw and returns everything the server sends until it closes.</summary>
    private async Task<string> ExchangeAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_endpoint, Ct);
        try
        {
            await socket.SendAsync(request, SocketFlags.None, Ct);
        }
        catch (SocketException)
        {
            // The server may close while an oversized request is still being sent; the response was already queued.
        }
        var response = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }
            if (n == 0)
            {
                break;
            }
            response.Write(buffer, 0, n);
        }
        return Encoding.ASCII.GetString(response.ToArray());
    }

    private async Task AssertListenerStillServesAsync()
    {
        var accept = _listener.AcceptAsync(Ct).AsTask();
        await using var dialed = await new WebSocketTransport().DialAsync(_listener.LocalAddress, Ct);
        await using var accepted = await accept;
        await PipeIo.WriteAsync(dialed.Output, new byte[] { 7, 8, 9 }, Ct);
        Assert.That(await PipeIo.ReadExactlyAsync(accepted.Input, 3, Ct), Is.EqualTo(new byte[] { 7, 8, 9 }));
    }

    [Test]
    [Requirement("WS-CONN-001")]
    public async Task A_valid_request_gets_101_with_the_RFC_6455_accept_value()
    {
        var response = await Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(_endpoint, Ct);
            await socket.SendAsync(Encoding.ASCII.GetBytes(Request(ValidHeaders)), SocketFlags.None, Ct);
            var buffer = new byte[1024];
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct);
            return Encoding.ASCII.GetString(buffer, 0, n);
        });
        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 101 "));
            // The example of RFC 6455 §1.3.
            Assert.That(response, Does.Contain("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        });
    }

    [TestCase("missing key", "Host: 127.0.0.1|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Version: 13")]
    [TestCase("short key", "Host: 127.0.0.1|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Key: AAAA|Sec-WebSocket-Version: 13")]
    [TestCase("missing host", "Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13")]
    [TestCase("no upgrade", "Host: a|Connection: keep-alive|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13")]
    [TestCase("folded header", "Host: a|Upgrade: websocket| continued|Connection: Upgrade|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13")]
    [TestCase("two keys", "Host: a|Upgrade: websocket|Connection: Upgrade|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==|Sec-WebSocket-Version: 13")]
    [Requirement("WS-CONN-005")]
    public async Task Malformed_upgrade_requests_get_400_and_are_closed(string why, string headers)
    {
        var response = await ExchangeAsync(Encoding.ASCII.GetBytes(Request(headers.Split('|'))));
        Assert.That(response, Does.StartWith("HTTP/1.1 400 "), why);
        await AssertListenerStillServesAsync();
    }

    [TestCase("POST / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [TestCase("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [TestCase("\u0001\u0002garbage\u0000\r\n\r\n")]
    [TestCase("GET / HTTP/1.1\nHost: a\n\n\r\n\r\n")]
    [Requirement("WS-CONN-005")]
    public async Task Garbage_and_wrong_request_lines_get_400_and_are_closed(string request)
    {
        var response = await ExchangeAsync(Encoding.Latin1.GetBytes(request));
        Assert.That(response, Does.StartWith("HTTP/1.1 400 "));
        await AssertListenerStillServesAsync();
    }

    [Test]
    [Requirement("WS-CONN-006")]
    public async Task An_unsupported_version_gets_426_naming_version_13()
    {
        var headers = ValidHeaders.Select(h => h.StartsWith("Sec-WebSocket-Version", StringComparison.Ordinal) ? "Sec-WebSocket-Version: 8" : h).ToArray();
        var response = await ExchangeAsync(Encoding.ASCII.GetBytes(Request(headers)));
        Assert.Multiple(() =>
        {
            Assert.That(response, Does.StartWith("HTTP/1.1 426 "));
            Assert.That(response, Does.Contain("Sec-WebSocket-Version: 13\r\n"));
        });
    }

    [Test]
    [Requirement("WS-CONN-005")]
    public async Task Oversized_headers_get_400_and_are_closed()
    {
        var huge = ValidHeaders.Append("X-Padding: " + new string('a', 20_000)).ToArray();
        var response = await ExchangeAsync(Encoding.ASCII.GetBytes(Request(huge)));
        Assert.That(response, Does.StartWith("HTTP/1.1 400 "));
        await AssertListenerStillServesAsync();
    }

    [Test]
    [Requirement("WS-CONN-005")]
    [Requirement("TRANSPORT-DIAL-003")]
    public async Task A_client_that_never_finishes_its_headers_is_closed_after_the_handshake_timeout()
    {
        var response = await ExchangeAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\r\n"));
        Assert.That(response, Is.Empty, "no response to an unfinished request, only the close");
        await AssertListenerStillServesAsync();
    }

    [Test]
    [Requirement("WS-CONN-007")]
    public async Task Unmasked_client_frames_end_the_connection_and_masked_ones_are_delivered()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_endpoint, Ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Request(ValidHeaders)), SocketFlags.None, Ct);
        var accepted = await _listener.AcceptAsync(Ct);
        await using (accepted)
        {
            // Positive control: a masked binary frame "abc" with mask 01 02 03 04 (RFC 6455 §5.3).
            byte[] mask = [1, 2, 3, 4];
            byte[] masked = [0x82, 0x83, .. mask, (byte)('a' ^ 1), (byte)('b' ^ 2), (byte)('c' ^ 3)];
            await socket.SendAsync(masked, SocketFlags.None, Ct);
            Assert.That(Encoding.ASCII.GetString(await PipeIo.ReadExactlyAsync(accepted.Input, 3, Ct)), Is.EqualTo("abc"));

            // RFC 6455 §5.1: a server MUST close the connection upon receiving an unmasked frame.
            await socket.SendAsync(new byte[] { 0x82, 0x03, (byte)'x', (byte)'y', (byte)'z' }, SocketFlags.None, Ct);
            Assert.CatchAsync<IOException>(async () => await PipeIo.ReadToEndAsync(accepted.Input, Ct));
        }
    }

    [Test]
    [Requirement("WS-CONN-004")]
    public async Task Closing_the_output_sends_a_close_frame_before_the_tcp_close()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_endpoint, Ct);
        await socket.SendAsync(Encoding.ASCII.GetBytes(Request(ValidHeaders)), SocketFlags.None, Ct);
        await using var accepted = await _listener.AcceptAsync(Ct);
        await accepted.Output.CompleteAsync();
        // Read past the 101 response until the 4 bytes of the Close frame header and status code are in.
        var received = new List<byte>();
        var buffer = new byte[1024];
        int headerEnd;
        while ((headerEnd = received.ToArray().AsSpan().IndexOf("\r\n\r\n"u8)) < 0 || received.Count < headerEnd + 4 + 4)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, Ct);
            Assert.That(n, Is.GreaterThan(0), "the server closed TCP without a close frame");
            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }
        var frame = received.Skip(headerEnd + 4).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(frame[0], Is.EqualTo(0x88), "FIN + opcode 0x8 (Close), RFC 6455 §5.5.1");
            Assert.That(frame[1] & 0x80, Is.Zero, "server frames are unmasked");
            Assert.That(frame[1] & 0x7F, Is.EqualTo(2), "a Close frame carrying the status code");
            Assert.That((frame[2] << 8) | frame[3], Is.EqualTo(1000), "normal closure");
        });
    }
}
