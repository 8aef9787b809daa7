namespace Libp2p.Protocols.Perf;

/// <summary>
/// Running byte counts of one perf exchange, updated by the protocol loop and read concurrently by a reporter
/// (the test-plans perf program prints one sample per second).
/// </summary>
public sealed class PerfCounters
{
    private long _uploaded;
    private long _downloaded;

    /// <summary>Bytes of upload payload written so far (the 8-byte size is not counted).</summary>
    public long UploadedBytes => Interlocked.Read(ref _uploaded);

    /// <summary>Bytes of download payload read so far.</summary>
    public long DownloadedBytes => Interlocked.Read(ref _downloaded);

    internal void AddUploaded(long count) => Interlocked.Add(ref _uploaded, count);

    internal void AddDownloaded(long count) => Interlocked.Add(ref _downloaded, count);
}
