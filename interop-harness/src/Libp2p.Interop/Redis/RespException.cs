namespace Libp2p.Interop.Redis;

/// <summary>
/// A Redis exchange failed: the server answered with an error reply, the reply broke the RESP2 grammar or a size
/// limit, the connection closed, or the server did not answer in time.
/// </summary>
public sealed class RespException : Exception
{
    /// <summary>Creates the exception with a one-line reason.</summary>
    public RespException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line reason and the underlying cause.</summary>
    public RespException(string message, Exception inner) : base(message, inner)
    {
    }
}
