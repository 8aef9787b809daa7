using System.Text;
using CsCheck;
using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>multiformats/multibase tests/*.csv and multibase.csv (conformance-suites/vectors/multibase).</summary>
public sealed class MultibaseVectorTests
{
    // Inputs per tests/README.md (vectors/multibase/tests-README.md).
    private static readonly (string File, byte[] Input)[] EncodingFiles =
    [
        ("basic.csv", Encoding.UTF8.GetBytes("yes mani !")),
        ("leading_zero.csv", [0, .. Encoding.UTF8.GetBytes("yes mani !")]),
        ("two_leading_zeros.csv", [0, 0, .. Encoding.UTF8.GetBytes("yes mani !")]),
    ];

    private static IEnumerable<TestCaseData> EncodingCases()
    {
        foreach ((string file, byte[] input) in EncodingFiles)
        {
            foreach ((string name, string text) in ReadCsv(file))
            {
                yield return new TestCaseData(name, text, input).SetName($"{file}: {name}");
            }
        }
    }

    private static IEnumerable<TestCaseData> CaseInsensitiveCases()
        => ReadCsv("case_insensitivity.csv").Select(row => new TestCaseData(row.Name, row.Text).SetName($"case_insensitivity.csv: {row.Name} {row.Text}"));

    /// <summary>Each vector encodes exactly and decodes back, reporting the encoding its prefix names.</summary>
    [TestCaseSource(nameof(EncodingCases))]
    [Requirement("MBASE-VEC-001")]
    [Requirement("MBASE-FMT-001")]
    [Requirement("MBASE-FMT-004")]
    [Requirement("MBASE-FMT-005")]
    public void Vector_EncodesAndDecodesExactly(string name, string text, byte[] input)
    {
        Assert.That(Multibase.TryGetEncoding(name, out MultibaseEncoding encoding), Is.True, $"encoding {name} is not implemented");
        Assert.That(Multibase.Encode(encoding, input), Is.EqualTo(text));
        byte[] decoded = Multibase.Decode(text, out MultibaseEncoding reported);
        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(input));
            Assert.That(reported, Is.EqualTo(encoding));
        });
    }

    /// <summary>Mixed-case input of the case-insensitive encodings decodes to "hello world".</summary>
    [TestCaseSource(nameof(CaseInsensitiveCases))]
    [Requirement("MBASE-CASE-001")]
    public void MixedCase_Decodes(string name, string text)
    {
        byte[] decoded = Multibase.Decode(text, out MultibaseEncoding reported);
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(decoded), Is.EqualTo("hello world"));
            Assert.That(Multibase.GetName(reported), Is.EqualTo(name));
        });
    }

    /// <summary>Every implemented encoding has the prefix multibase.csv gives it.</summary>
    [Test]
    [Requirement("MBASE-FMT-002")]
    public void Prefixes_MatchMultibaseCsv()
    {
        var table = new Dictionary<string, string>();
        foreach (string line in File.ReadLines(VectorFiles.Path("multibase/multibase.csv")).Skip(1))
        {
            string[] cells = line.Split(',', 4);
            string codePoint = cells[0].Trim();
            table[cells[2].Trim()] = char.ConvertFromUtf32(Convert.ToInt32(codePoint[2..], 16));
        }
        Assert.That(Multibase.Encodings, Has.Count.EqualTo(24));
        foreach (MultibaseEncoding encoding in Multibase.Encodings)
        {
            string name = Multibase.GetName(encoding);
            Assert.That(table.ContainsKey(name) || name == "identity", Is.True, $"{name} missing from multibase.csv");
            string expected = name == "identity" ? "\0" : table[name];
            Assert.That(Multibase.GetPrefix(encoding), Is.EqualTo(expected), name);
        }
    }

    /// <summary>Empty input, unknown prefixes and characters outside the alphabet are typed errors.</summary>
    [TestCase("")]
    [TestCase("?abc")]
    [TestCase("zO0l")]
    [TestCase("f0g")]
    [TestCase("b1")]
    [TestCase("m@@@")]
    [TestCase("U====")]
    [TestCase("9a")]
    [Requirement("MBASE-FMT-003")]
    public void Invalid_IsTypedError(string text)
    {
        Assert.Throws<MultibaseFormatException>(() => Multibase.Decode(text));
        Assert.That(Multibase.TryDecode(text, out _, out _), Is.False);
    }

    /// <summary>Every encoding round-trips arbitrary bytes, leading zeros included.</summary>
    [Test]
    [Requirement("MBASE-FMT-006")]
    public void EveryEncoding_RoundTripsArbitraryBytes()
    {
        Gen.Int[0, 3].Select(Gen.Byte.Array[0, 64]).Sample((zeros, tail) =>
        {
            byte[] bytes = [.. new byte[zeros], .. tail];
            return Multibase.Encodings.Where(e => e != MultibaseEncoding.Identity)
                .All(e => Multibase.Decode(Multibase.Encode(e, bytes)).AsSpan().SequenceEqual(bytes));
        });
    }

    private static IEnumerable<(string Name, string Text)> ReadCsv(string file)
    {
        foreach (string line in File.ReadLines(VectorFiles.Path("multibase/" + file)).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            string value = line[(comma + 1)..].Trim();
            yield return (line[..comma].Trim(), value.Trim('"'));
        }
    }
}
