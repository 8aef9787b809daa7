namespace Libp2p.Idl.Model;

/// <summary>The spec document a module comes from (key <c>spec</c>).</summary>
/// <param name="Repo">Repository or standard, e.g. <c>libp2p/specs</c>.</param>
/// <param name="Path">Document path inside the repository, e.g. <c>yamux/README.md</c>.</param>
/// <param name="Revision">Optional revision label.</param>
public sealed record IdlSpec(string Repo, string Path, string? Revision)
{
    /// <summary>The document as <c>repo/path</c>, the form used by the requirement catalog.</summary>
    public string Document => $"{Repo}/{Path}";
}
