namespace Libp2p.Protocols.Perf;

/// <summary>Outcome of one perf exchange, from the side that ran it.</summary>
/// <param name="RequestedBytes">The download size from the 8-byte prefix.</param>
/// <param name="UploadedBytes">Upload payload bytes (written by a client, drained by a server).</param>
/// <param name="DownloadedBytes">Download payload bytes (read by a client, sent by a server).</param>
/// <param name="Elapsed">Time from the first byte written or read to the close.</param>
public sealed record PerfResult(ulong RequestedBytes, long UploadedBytes, long DownloadedBytes, TimeSpan Elapsed);
