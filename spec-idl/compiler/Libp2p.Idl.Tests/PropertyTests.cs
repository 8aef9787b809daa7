using CsCheck;
using Libp2p.Idl.Commands;
using Libp2p.Idl.Model;
using Libp2p.Idl.Parsing;

namespace Libp2p.Idl.Tests;

/// <summary>Properties of the parser over arbitrary and mutated input: it never throws and every diagnostic is located.</summary>
public sealed class PropertyTests
{
    private static readonly string FixtureText = File.ReadAllText(Path.Combine(TestPaths.FixtureModules, "alpha.yaml"));

    private static void AssertWellFormed(IdlCompilation compilation, string file)
    {
        foreach (Diagnostic d in compilation.Diagnostics)
        {
            Assert.That(d.Location.File, Is.EqualTo(file));
            Assert.That(d.Location.Line, Is.GreaterThanOrEqualTo(1));
            Assert.That(d.Location.Column, Is.GreaterThanOrEqualTo(1));
            Assert.That(d.Message, Is.Not.Empty);
        }
    }

    [Test]
    public void Arbitrary_yaml_like_text_never_throws()
    {
        Gen.String[Gen.Char[" \n\t-:[]{}\"'#|>&*!%@`?,abcmodule_0123"], 0, 300].Sample(text =>
        {
            IdlCompilation compilation = IdlCompilation.FromSources([("m/alpha.yaml", text)]);
            AssertWellFormed(compilation, "m/alpha.yaml");
        }, iter: 3000);
    }

    [Test]
    public void Mutated_modules_never_throw_and_locate_every_diagnostic()
    {
        var gen = Gen.Select(Gen.Int[0, FixtureText.Length], Gen.Int[0, 12], Gen.String[Gen.Char[" \n-:[]{}\"'?<>"], 0, 4]);
        gen.Sample((position, deleted, inserted) =>
        {
            string text = FixtureText.Remove(position, Math.Min(deleted, FixtureText.Length - position)).Insert(position, inserted);
            IdlCompilation compilation = IdlCompilation.FromSources([("m/alpha.yaml", text)]);
            AssertWellFormed(compilation, "m/alpha.yaml");
        }, iter: 2000);
    }

    [Test]
    public void Type_references_round_trip_through_their_text()
    {
        var leaf = Gen.OneOf(new[] { "u32", "peer_id", "multiaddr", "bytes", "session_options" });
        var gen = Gen.Select(leaf, Gen.Int[0, 3], Gen.Bool, Gen.Bool);
        gen.Sample((name, depth, nullableLeaf, nullableOuter) =>
        {
            string text = name + (nullableLeaf ? "?" : "");
            for (int i = 0; i < depth; i++)
            {
                text = $"list<{text}>" + (nullableOuter && i == depth - 1 ? "?" : "");
            }
            TypeRef? parsed = TypeRefParser.Parse(text, new SourceLocation("f", 1, 1));
            Assert.That(parsed, Is.Not.Null);
            Assert.That(parsed!.ToString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void Table_columns_are_aligned_for_any_cells()
    {
        var cell = Gen.String[Gen.Char["abc XYZ-"], 1, 12].Select(s => s.Replace(' ', '_'));
        Gen.Select(cell.Array[3, 3].Array[1, 8], cell).Sample((rows, _) =>
        {
            string[] lines = IdlCommands.Table(rows).TrimEnd('\n').Split('\n');
            int second = rows.Max(r => r[0].Length) + 2;
            int third = second + rows.Max(r => r[1].Length) + 2;
            for (int i = 0; i < rows.Length; i++)
            {
                Assert.That(lines[i].Substring(second, rows[i][1].Length), Is.EqualTo(rows[i][1]));
                Assert.That(lines[i][third..], Is.EqualTo(rows[i][2]));
            }
        });
    }
}
