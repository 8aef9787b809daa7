using System.Text;
using System.Text.RegularExpressions;

namespace Libp2p.Idl;

/// <summary>Naming rules of the IDL (spec-idl/README.md): snake_case in YAML, PascalCase / camelCase in generated code.</summary>
public static partial class IdlNames
{
    /// <summary>The requirement ID pattern <c>MODULE-AREA-NNN</c> (also in spec-idl/schema/idl.schema.json).</summary>
    public const string RequirementIdPattern = "^[A-Z][A-Z0-9]*(-[A-Z][A-Z0-9]*)+-[0-9]{3}$";

    /// <summary>The snake_case name pattern (also in spec-idl/schema/idl.schema.json).</summary>
    public const string SnakeCasePattern = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";

    /// <summary>The module name pattern (also in spec-idl/schema/idl.schema.json).</summary>
    public const string ModuleNamePattern = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

    /// <summary>Whether <paramref name="name"/> is a valid snake_case identifier.</summary>
    public static bool IsSnakeCase(string name) => SnakeCase().IsMatch(name);

    /// <summary>Whether <paramref name="name"/> is a valid module ID (lower-case, digits, dashes).</summary>
    public static bool IsModuleName(string name) => ModuleName().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> follows the requirement ID pattern <c>MODULE-AREA-NNN</c>.</summary>
    public static bool IsRequirementId(string id) => RequirementId().IsMatch(id);

    /// <summary><c>muxed_stream</c> to <c>MuxedStream</c> (also accepts dashes).</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (c is '_' or '-')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    /// <summary><c>is_initiator</c> to <c>isInitiator</c>.</summary>
    public static string Camel(string name)
    {
        string pascal = Pascal(name);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    [GeneratedRegex(SnakeCasePattern)]
    private static partial Regex SnakeCase();

    [GeneratedRegex(ModuleNamePattern)]
    private static partial Regex ModuleName();

    [GeneratedRegex(RequirementIdPattern)]
    private static partial Regex RequirementId();
}
