using Libp2p.Core.Abstractions;

namespace Libp2p.Core.Records;

/// <summary>A signed envelope or peer record was rejected; <see cref="Error"/> says why.</summary>
public sealed class RecordException : Libp2pException
{
    /// <summary>Creates the exception.</summary>
    public RecordException(RecordError error, string message, Exception? inner = null) : base(message, inner) => Error = error;

    /// <summary>The reason.</summary>
    public RecordError Error { get; }
}
