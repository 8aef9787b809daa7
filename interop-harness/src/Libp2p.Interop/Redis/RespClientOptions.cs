namespace Libp2p.Interop.Redis;

/// <summary>Limits and timeouts of a <see cref="RespClient"/>; every reply is bounded before any allocation.</summary>
public sealed class RespClientOptions
{
    /// <summary>Time allowed to resolve and connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed for a non-blocking command's reply (BLPOP adds its own blocking time to this).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest bulk string accepted in a reply, in bytes.</summary>
    public int MaxBulkLength { get; init; } = 1024 * 1024;

    /// <summary>Largest simple-string, error or integer line accepted, in bytes (CRLF excluded).</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Largest array accepted in a reply, in elements.</summary>
    public int MaxArrayLength { get; init; } = 64;
}
