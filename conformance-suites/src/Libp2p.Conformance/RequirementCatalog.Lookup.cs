using System.Text.RegularExpressions;

namespace Libp2p.Conformance;

/// <summary>
/// Lookups over a requirement catalog. The catalog itself (<c>All</c>) is generated at build time from
/// <c>spec-idl/modules/*.yaml</c> into another part of this partial class; these helpers take the catalog as a
/// parameter so reports and tests can work on any list of requirements.
/// </summary>
public static partial class RequirementCatalog
{
    /// <summary>The shape of a requirement ID, <c>MODULE-AREA-NNN</c> (spec-idl/README.md, "Module format").</summary>
    public const string IdPattern = "^[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)*-[0-9]{3,}$";

    /// <summary>Returns the requirement with <paramref name="id"/> (ordinal match), or <see langword="null"/>.</summary>
    public static Requirement? Find(IReadOnlyList<Requirement> catalog, string id)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(id);
        foreach (Requirement requirement in catalog)
        {
            if (string.Equals(requirement.Id, id, StringComparison.Ordinal))
            {
                return requirement;
            }
        }
        return null;
    }

    /// <summary>Whether <paramref name="id"/> has the <c>MODULE-AREA-NNN</c> shape (it may still be unknown).</summary>
    public static bool IsWellFormedId(string id) => id is not null && IdRegex().IsMatch(id);

    /// <summary>
    /// Whether <paramref name="level"/> is a MUST-class level (<c>MUST</c> or <c>MUST NOT</c>, RFC 2119 section 1-2):
    /// a failure of such a requirement fails the conformance run.
    /// </summary>
    public static bool IsMustLevel(string level) =>
        string.Equals(level, "MUST", StringComparison.OrdinalIgnoreCase)
        || string.Equals(level, "MUST NOT", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(IdPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
