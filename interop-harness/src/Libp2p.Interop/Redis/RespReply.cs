namespace Libp2p.Interop.Redis;

/// <summary>The RESP2 reply types (https://redis.io/docs/latest/develop/reference/protocol-spec/, "RESP versions").</summary>
internal enum RespReplyKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
}

/// <summary>One decoded RESP2 reply; arrays hold their elements, strings are UTF-8 decoded.</summary>
internal sealed record RespReply(RespReplyKind Kind, string? Text = null, long Integer = 0, IReadOnlyList<RespReply>? Items = null)
{
    public static readonly RespReply Null = new(RespReplyKind.Null);
}
