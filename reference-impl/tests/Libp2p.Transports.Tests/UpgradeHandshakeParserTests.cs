using System.Text;
using CsCheck;
using Libp2p.Transports.WebSockets.Internal;

namespace Libp2p.Transports.Tests;

/// <summary>The sans-IO RFC 6455 §4 handshake parser: examples, limits and properties over random header blocks.</summary>
public sealed class UpgradeHandshakeParserTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static readonly string[] Valid =
        ["Host: example.com", "Upgrade: websocket", "Connection: Upgrade", $"Sec-WebSocket-Key: {Key}", "Sec-WebSocket-Version: 13"];

    private static byte[] Block(string requestLine, IEnumerable<string> headers) =>
        Encoding.ASCII.GetBytes(requestLine + "\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n");

    [Test]
    public void Rfc6455_example_accept_value()
    {
        Assert.That(WebSocketHandshake.ComputeAccept(Key), Is.EqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    [Test]
    public void Valid_request_is_accepted_with_its_path_host_and_key()
    {
        var request = WebSocketHandshake.ParseRequest(Block("GET /chat HTTP/1.1", Valid));
        Assert.Multiple(() =>
        {
            Assert.That(request.IsValid, Is.True, request.Error);
            Assert.That(request.Path, Is.EqualTo("/chat"));
            Assert.That(request.Host, Is.EqualTo("example.com"));
            Assert.That(request.Key, Is.EqualTo(Key));
        });
    }

    [Test]
    public void Header_names_and_tokens_are_case_insensitive_and_lists_are_split()
    {
        var headers = new[] { "host: a", "UPGRADE: WebSocket", "connection: keep-alive, upgrade", $"sec-websocket-key:{Key}", "SEC-WEBSOCKET-VERSION:   13  " };
        Assert.That(WebSocketHandshake.ParseRequest(Block("GET / HTTP/1.1", headers)).IsValid, Is.True);
    }

    [TestCase("Sec-WebSocket-Version: 8", 426)]
    [TestCase("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA", 400)]
    [TestCase("Sec-WebSocket-Key: not base64 at all!!!!!!!", 400)]
    [TestCase("Connection: keep-alive", 400)]
    [TestCase("Upgrade: h2c", 400)]
    [TestCase("Host:", 400)]
    public void A_broken_header_is_rejected_with_the_right_status(string replacement, int status)
    {
        var name = replacement[..replacement.IndexOf(':')];
        var headers = Valid.Select(h => h.StartsWith(name + ":", StringComparison.Ordinal) ? replacement : h);
        var request = WebSocketHandshake.ParseRequest(Block("GET / HTTP/1.1", headers));
        Assert.That(request.StatusCode, Is.EqualTo(status), request.Error);
    }

    [TestCase("POST / HTTP/1.1")]
    [TestCase("GET / HTTP/1.0")]
    [TestCase("GET / HTTP/2")]
    [TestCase("GET  / HTTP/1.1")]
    [TestCase("GET example.com HTTP/1.1")]
    [TestCase("GET /")]
    public void A_bad_request_line_is_rejected(string line)
    {
        Assert.That(WebSocketHandshake.ParseRequest(Block(line, Valid)).StatusCode, Is.EqualTo(400));
    }

    [Test]
    public void Too_many_headers_and_too_many_bytes_are_rejected()
    {
        var many = Valid.Concat(Enumerable.Range(0, WebSocketHandshake.MaxHeaderCount).Select(i => $"X-{i}: y"));
        var large = Valid.Append("X-Big: " + new string('z', WebSocketHandshake.MaxHeaderBytes));
        Assert.Multiple(() =>
        {
            Assert.That(WebSocketHandshake.ParseRequest(Block("GET / HTTP/1.1", many)).StatusCode, Is.EqualTo(400));
            Assert.That(WebSocketHandshake.ParseRequest(Block("GET / HTTP/1.1", large)).StatusCode, Is.EqualTo(400));
        });
    }

    [Test]
    public void Response_validation_checks_status_upgrade_and_accept()
    {
        var good = WebSocketHandshake.BuildAccept(Key);
        Assert.Multiple(() =>
        {
            Assert.That(WebSocketHandshake.ValidateResponse(good, Key), Is.Null);
            Assert.That(WebSocketHandshake.ValidateResponse(good, "AAAAAAAAAAAAAAAAAAAAAA=="), Does.Contain("Sec-WebSocket-Accept"));
            Assert.That(WebSocketHandshake.ValidateResponse("HTTP/1.1 400 Bad Request\r\n\r\n"u8, Key), Does.Contain("refused"));
            Assert.That(WebSocketHandshake.ValidateResponse(
                Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(good).Replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")), Key),
                Does.Contain("extension"));
        });
    }

    [Test]
    public void Request_built_by_the_dialer_is_accepted_by_the_listener_parser()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.Int[1, 65535]).Sample((host, port) =>
        {
            var key = WebSocketHandshake.NewKey();
            var request = WebSocketHandshake.ParseRequest(WebSocketHandshake.BuildRequest($"{host}:{port}", "/", key));
            return request.IsValid && request.Key == key && request.Host == $"{host}:{port}"
                && WebSocketHandshake.ValidateResponse(WebSocketHandshake.BuildAccept(request.Key), key) is null;
        });
    }

    [Test]
    public void Random_header_blocks_never_throw_and_are_only_accepted_when_complete()
    {
        var line = Gen.String[Gen.Char[(char)0, (char)127], 0, 60];
        var headerLine = Gen.OneOf(line, Gen.Int[0, Valid.Length - 1].Select(i => Valid[i]));
        Gen.Select(Gen.OneOf(line, Gen.Const("GET / HTTP/1.1")), headerLine.List[0, 12]).Sample((requestLine, headers) =>
        {
            var request = WebSocketHandshake.ParseRequest(Block(requestLine, headers));
            if (request.IsValid)
            {
                // Acceptance needs a GET request line and a well-formed key, which only the valid lines provide.
                return requestLine.StartsWith("GET /", StringComparison.Ordinal) && request.Key == Key;
            }
            return request.StatusCode is 400 or 426 && request.Error is { Length: > 0 };
        });
    }

    [Test]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 600].Sample(bytes =>
        {
            var request = WebSocketHandshake.ParseRequest(bytes);
            var response = WebSocketHandshake.ValidateResponse(bytes, Key);
            return (request.IsValid || request.StatusCode is 400 or 426) && (response is not null || bytes.Length > 0);
        });
    }

    [Test]
    public void Header_end_is_found_wherever_it_is()
    {
        Gen.Select(Gen.Byte[(byte)'a', (byte)'z'].Array[0, 100], Gen.Byte[(byte)'a', (byte)'z'].Array[0, 100]).Sample((before, after) =>
        {
            var block = before.Concat("\r\n\r\n"u8.ToArray()).Concat(after).ToArray();
            return WebSocketHandshake.FindHeaderEnd(block) == before.Length + 4
                && WebSocketHandshake.FindHeaderEnd(before) == -1;
        });
    }
}
