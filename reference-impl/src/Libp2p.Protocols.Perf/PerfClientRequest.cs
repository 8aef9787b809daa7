namespace Libp2p.Protocols.Perf;

/// <summary>What a <c>/perf/1.0.0</c> client asks for (perf/perf.md "Protocol").</summary>
/// <param name="UploadBytes">Payload bytes to send before half-closing.</param>
/// <param name="DownloadBytes">Bytes the server must send back; <see cref="ulong.MaxValue"/> requests a timed download.</param>
/// <param name="DownloadDuration">For a timed download: how long to read before the client stops reading and closes.</param>
public sealed record PerfClientRequest(ulong UploadBytes, ulong DownloadBytes, TimeSpan? DownloadDuration = null);
