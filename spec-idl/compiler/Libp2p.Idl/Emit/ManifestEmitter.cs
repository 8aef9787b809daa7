using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Libp2p.Idl.Model;

namespace Libp2p.Idl.Emit;

/// <summary>
/// Emits the JSON manifest of every module (spec, protocols, types, interfaces, errors, requirements), the
/// language-neutral form of the contract for tooling in other languages.
/// </summary>
public static class ManifestEmitter
{
    /// <summary>The file name the manifest is written to.</summary>
    public const string FileName = "libp2p-idl.json";

    /// <summary>The manifest format version.</summary>
    public const int FormatVersion = 1;

    /// <summary>The manifest text (indented, <c>\n</c> line endings, trailing newline).</summary>
    public static string Emit(IdlCompilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteStartArray("modules");
            foreach (IdlModule module in compilation.Modules)
            {
                Module(w, module);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The requirements alone as a JSON array (the <c>idl catalog --json</c> output).</summary>
    public static string Requirements(IdlCompilation compilation)
    {
        ArgumentNullException.ThrowIfNull(compilation);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartArray();
            foreach (var (module, r) in compilation.Requirements)
            {
                Requirement(w, r, module);
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static JsonWriterOptions Options => new()
    {
        Indented = true,
        NewLine = "\n",
        // Requirement text quotes specs verbatim; keep it readable instead of \u-escaping quotes and '<'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void Module(Utf8JsonWriter w, IdlModule module)
    {
        w.WriteStartObject();
        w.WriteString("name", module.Name);
        w.WriteString("title", module.Title);
        w.WriteStartObject("spec");
        w.WriteString("repo", module.Spec.Repo);
        w.WriteString("path", module.Spec.Path);
        Optional(w, "revision", module.Spec.Revision);
        w.WriteEndObject();
        w.WriteString("csharpNamespace", module.CSharpNamespace);
        w.WriteStartArray("protocols");
        foreach (IdlProtocol p in module.Protocols)
        {
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            Optional(w, "doc", p.Doc);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("types");
        foreach (IdlTypeDef t in module.Types)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("kind", t.Kind == IdlTypeKind.Enum ? "enum" : "record");
            Optional(w, "doc", t.Doc);
            Optional(w, "section", t.Section);
            if (t.Kind == IdlTypeKind.Enum)
            {
                w.WriteStartArray("values");
                foreach (IdlEnumValue v in t.Values)
                {
                    w.WriteStartObject();
                    w.WriteString("name", v.Name);
                    w.WriteNumber("value", v.Value);
                    Optional(w, "doc", v.Doc);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            else
            {
                Members(w, "fields", t.Fields);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("interfaces");
        foreach (IdlInterface i in module.Interfaces)
        {
            Interface(w, i);
        }
        w.WriteEndArray();
        w.WriteStartArray("errors");
        foreach (IdlError e in module.Errors)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            Optional(w, "doc", e.Doc);
            Optional(w, "section", e.Section);
            Optional(w, "extends", e.Extends?.Name);
            Optional(w, "message", e.Message);
            Members(w, "fields", e.Fields);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("requirements");
        foreach (IdlRequirement r in module.Requirements)
        {
            Requirement(w, r, module);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Interface(Utf8JsonWriter w, IdlInterface i)
    {
        w.WriteStartObject();
        w.WriteString("name", i.Name);
        Optional(w, "doc", i.Doc);
        Optional(w, "section", i.Section);
        w.WriteStartArray("extends");
        foreach (IdlNameRef b in i.Extends)
        {
            w.WriteStringValue(b.Name);
        }
        w.WriteEndArray();
        Members(w, "properties", i.Properties);
        w.WriteStartArray("methods");
        foreach (IdlMethod m in i.Methods)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteBoolean("async", m.IsAsync);
            Optional(w, "doc", m.Doc);
            Members(w, "params", m.Params);
            w.WriteString("returns", m.Returns?.ToString() ?? IdlBuiltins.Void);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Members(w, "events", i.Events);
        w.WriteEndObject();
    }

    private static void Members(Utf8JsonWriter w, string name, IReadOnlyList<IdlMember> members)
    {
        w.WriteStartArray(name);
        foreach (IdlMember m in members)
        {
            w.WriteStartObject();
            w.WriteString("name", m.Name);
            w.WriteString("type", m.Type.ToString());
            Optional(w, "doc", m.Doc);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Requirement(Utf8JsonWriter w, IdlRequirement r, IdlModule module)
    {
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("level", r.Level);
        w.WriteString("module", module.Name);
        w.WriteString("text", r.Text);
        w.WriteString("section", r.Section);
        w.WriteString("spec", module.Spec.Document);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
