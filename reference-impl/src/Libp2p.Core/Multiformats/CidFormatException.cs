namespace Libp2p.Core.Multiformats;

/// <summary>A string or byte sequence is not a valid CID (multiformats/cid "Decoding Algorithm").</summary>
public sealed class CidFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CidFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CidFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public CidFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
