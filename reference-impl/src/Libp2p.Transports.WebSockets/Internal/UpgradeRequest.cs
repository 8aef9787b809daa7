namespace Libp2p.Transports.WebSockets.Internal;

/// <summary>
/// Outcome of parsing a client's opening handshake (RFC 6455 §4.2.1). <see cref="StatusCode"/> is 101 when valid,
/// 426 when only the version is unsupported (§4.2.2, answered with <c>Sec-WebSocket-Version: 13</c>), 400 otherwise.
/// </summary>
internal sealed record UpgradeRequest(int StatusCode, string? Error, string Path, string Host, string Key)
{
    public bool IsValid => StatusCode == 101;

    public static UpgradeRequest Reject(string error, int status = 400) => new(status, error, "", "", "");
}
