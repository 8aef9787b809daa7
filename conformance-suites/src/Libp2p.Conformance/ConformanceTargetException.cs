namespace Libp2p.Conformance;

/// <summary>
/// A conformance target ID that cannot be used: malformed, of an unknown kind, or of a kind that is not
/// implemented yet (<c>wire:</c> and <c>daemon:</c> targets arrive with later issues).
/// </summary>
public sealed class ConformanceTargetException : Exception
{
    /// <summary>Creates the exception for <paramref name="targetId"/>.</summary>
    public ConformanceTargetException(string targetId, string message, bool notImplemented = false)
        : base(message)
    {
        TargetId = targetId;
        NotImplemented = notImplemented;
    }

    /// <summary>The target ID as given.</summary>
    public string TargetId { get; }

    /// <summary>True when the ID is well formed but its kind is not implemented yet.</summary>
    public bool NotImplemented { get; }
}
