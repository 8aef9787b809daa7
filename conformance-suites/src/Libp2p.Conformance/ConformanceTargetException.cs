namespace Libp2p.Conformance;

/// <summary>
/// A conformance target that cannot be used: a malformed ID, an unknown kind, an unknown recipe, or a wire or daemon
/// target whose processes were not started.
/// </summary>
public sealed class ConformanceTargetException : Exception
{
    /// <summary>Creates the exception for <paramref name="targetId"/>.</summary>
    public ConformanceTargetException(string targetId, string message)
        : base(message)
    {
        TargetId = targetId;
    }

    /// <summary>The target ID as given.</summary>
    public string TargetId { get; }
}
