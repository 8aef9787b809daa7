using System.Security.Cryptography;
using System.Text;

namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// The HTTP/1.1 upgrade handshake of RFC 6455 §4, sans-IO: parses header blocks and builds requests and responses.
/// Header blocks are bounded by the caller (<see cref="MaxHeaderBytes"/>); parsing never allocates more than the block.
/// </summary>
internal static class WebSocketHandshake
{
    /// <summary>RFC 6455 §1.3: the GUID appended to the key before hashing.</summary>
    public const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Largest header block accepted (request line and headers, with the final empty line).</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    /// <summary>Most header fields accepted in one block.</summary>
    public const int MaxHeaderCount = 64;

    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>Index just past the <c>CRLF CRLF</c> that ends the header block, or -1.</summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> buffer)
    {
        var i = buffer.IndexOf(HeaderEnd);
        return i < 0 ? -1 : i + HeaderEnd.Length;
    }

    /// <summary>RFC 6455 §4.2.2 item 5.4: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));

    /// <summary>A fresh random 16-byte key, base64-encoded (§4.1).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>Parses a client request header block (including its final empty line).</summary>
    public static UpgradeRequest ParseRequest(ReadOnlySpan<byte> block)
    {
        if (block.Length > MaxHeaderBytes)
        {
            return UpgradeRequest.Reject($"header block larger than {MaxHeaderBytes} bytes");
        }
        if (!TrySplit(block, out var lines, out var error))
        {
            return UpgradeRequest.Reject(error);
        }
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3)
        {
            return UpgradeRequest.Reject("malformed request line");
        }
        if (requestLine[0] != "GET")
        {
            return UpgradeRequest.Reject("method must be GET (RFC 6455 §4.1)");
        }
        if (requestLine[1].Length == 0 || requestLine[1][0] != '/')
        {
            return UpgradeRequest.Reject("request target must be an absolute path");
        }
        if (requestLine[2] != "HTTP/1.1")
        {
            return UpgradeRequest.Reject("HTTP version must be HTTP/1.1");
        }
        if (!TryParseHeaders(lines, out var headers, out error))
        {
            return UpgradeRequest.Reject(error);
        }
        if (!headers.TryGetValue("host", out var host) || host.Count != 1 || host[0].Length == 0)
        {
            return UpgradeRequest.Reject("exactly one Host header is required");
        }
        if (!HasToken(headers, "upgrade", "websocket"))
        {
            return UpgradeRequest.Reject("Upgrade: websocket is required");
        }
        if (!HasToken(headers, "connection", "upgrade"))
        {
            return UpgradeRequest.Reject("Connection: Upgrade is required");
        }
        if (!headers.TryGetValue("sec-websocket-key", out var key) || key.Count != 1 || !IsValidKey(key[0]))
        {
            return UpgradeRequest.Reject("Sec-WebSocket-Key must be one base64-encoded 16-byte value");
        }
        if (!headers.TryGetValue("sec-websocket-version", out var version) || version.Count != 1)
        {
            return UpgradeRequest.Reject("Sec-WebSocket-Version is required");
        }
        if (version[0] != "13")
        {
            return UpgradeRequest.Reject($"unsupported Sec-WebSocket-Version {version[0]}", 426);
        }
        return new UpgradeRequest(101, null, requestLine[1], host[0], key[0]);
    }

    /// <summary>Checks a server response header block against the key we sent; null when it accepts the upgrade.</summary>
    public static string? ValidateResponse(ReadOnlySpan<byte> block, string key)
    {
        if (block.Length > MaxHeaderBytes)
        {
            return $"response header block larger than {MaxHeaderBytes} bytes";
        }
        if (!TrySplit(block, out var lines, out var error))
        {
            return error;
        }
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || status[0] != "HTTP/1.1")
        {
            return "malformed status line";
        }
        if (status[1] != "101")
        {
            return $"server refused the upgrade: {lines[0]}";
        }
        if (!TryParseHeaders(lines, out var headers, out error))
        {
            return error;
        }
        if (!HasToken(headers, "upgrade", "websocket") || !HasToken(headers, "connection", "upgrade"))
        {
            return "101 response without Upgrade: websocket and Connection: Upgrade";
        }
        if (!headers.TryGetValue("sec-websocket-accept", out var accept) || accept.Count != 1 || accept[0] != ComputeAccept(key))
        {
            return "Sec-WebSocket-Accept does not match the key (RFC 6455 §4.1)";
        }
        if (headers.ContainsKey("sec-websocket-extensions"))
        {
            return "server selected an extension we did not offer";
        }
        return null;
    }

    public static byte[] BuildRequest(string host, string path, string key) => Encoding.ASCII.GetBytes(
        $"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n");

    public static byte[] BuildAccept(string key) => Encoding.ASCII.GetBytes(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        $"Sec-WebSocket-Accept: {ComputeAccept(key)}\r\n\r\n");

    public static byte[] BuildReject(UpgradeRequest request) => Encoding.ASCII.GetBytes(request.StatusCode == 426
        ? "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        : "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var n) && n == 16;
    }

    private static bool HasToken(Dictionary<string, List<string>> headers, string name, string token) =>
        headers.TryGetValue(name, out var values) && values.Any(v => v.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase)));

    private static bool TrySplit(ReadOnlySpan<byte> block, out string[] lines, out string error)
    {
        lines = [];
        if (!block.EndsWith("\r\n\r\n"u8))
        {
            error = "header block must end with an empty line";
            return false;
        }
        foreach (var b in block)
        {
            // Visible ASCII, space, tab and CRLF only; obs-text (0x80+) is not needed by any WebSocket header.
            if (b > 0x7E || (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n'))
            {
                error = $"invalid byte 0x{b:x2} in header block";
                return false;
            }
        }
        var text = Encoding.ASCII.GetString(block[..^4]);
        lines = text.Split("\r\n");
        foreach (var line in lines)
        {
            if (line.Contains('\r') || line.Contains('\n'))
            {
                error = "bare CR or LF in header block";
                return false;
            }
        }
        if (lines.Length - 1 > MaxHeaderCount)
        {
            error = $"more than {MaxHeaderCount} header fields";
            return false;
        }
        error = "";
        return true;
    }

    private static bool TryParseHeaders(string[] lines, out Dictionary<string, List<string>> headers, out string error)
    {
        headers = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':');
            if (colon <= 0 || !line.AsSpan(0, colon).ContainsOnlyToken())
            {
                error = line.Length > 0 && (line[0] == ' ' || line[0] == '\t')
                    ? "obsolete header line folding"
                    : "malformed header field";
                return false;
            }
            var name = line[..colon].ToLowerInvariant();
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (!headers.TryGetValue(name, out var values))
            {
                headers[name] = values = [];
            }
            values.Add(value);
        }
        error = "";
        return true;
    }

    private static bool ContainsOnlyToken(this ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            // RFC 9110 §5.6.2 tchar.
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
            {
                return false;
            }
        }
        return true;
    }
}
