namespace Libp2p.Core.Multiformats;

/// <summary>Bytes are not a valid multihash (multiformats/multihash "Format"): bad varint, truncated digest, trailing bytes, or a digest over the size limit.</summary>
public sealed class MultihashFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MultihashFormatException(MultihashStatus status, string message)
        : base(message) => Status = status;

    /// <summary>Creates the exception.</summary>
    public MultihashFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MultihashFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MultihashFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What was wrong.</summary>
    public MultihashStatus Status { get; }
}
