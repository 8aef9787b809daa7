using System.Text.Json;
using Libp2p.Conformance;
using Libp2p.Core.Multiformats;

namespace Multiformats.Conformance.Tests;

/// <summary>multiformats/unsigned-varint README vectors (conformance-suites/vectors/unsigned-varint.json).</summary>
public sealed class VarintVectorTests
{
    private static IEnumerable<TestCaseData> ValidCases()
    {
        using JsonDocument doc = JsonDocument.Parse(VectorFiles.ReadAllText("unsigned-varint.json"));
        foreach (JsonElement item in doc.RootElement.GetProperty("valid").EnumerateArray())
        {
            ulong value = item.GetProperty("value").GetUInt64();
            string hex = item.GetProperty("encodedHexAsWritten").GetString()!;
            yield return new TestCaseData(value, hex).SetName($"Varint {value} <-> {hex}");
        }
    }

    /// <summary>Each README example encodes and decodes exactly.</summary>
    [TestCaseSource(nameof(ValidCases))]
    [Requirement("VARINT-FMT-001")]
    [Requirement("VARINT-FMT-003")]
    public void ReadmeExample_RoundTrips(ulong value, string hex)
    {
        byte[] expected = VectorFiles.FromHex(hex);
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        int written = Varint.Write(buffer, value);
        Assert.That(VectorFiles.Hex(buffer[..written]), Is.EqualTo(VectorFiles.Hex(expected)));
        Assert.That(Varint.TryRead(expected, out ulong decoded, out int consumed), Is.EqualTo(VarintStatus.Ok));
        Assert.Multiple(() =>
        {
            Assert.That(decoded, Is.EqualTo(value));
            Assert.That(consumed, Is.EqualTo(expected.Length));
        });
    }

    /// <summary>The README's non-minimal {0x81 0x00} and other padded encodings are rejected.</summary>
    [TestCase(new byte[] { 0x81, 0x00 })]
    [TestCase(new byte[] { 0x80, 0x00 })]
    [TestCase(new byte[] { 0xff, 0x80, 0x00 })]
    [Requirement("VARINT-FMT-002")]
    public void NonMinimal_IsRejected(byte[] bytes)
    {
        Assert.That(Varint.TryRead(bytes, out _, out _), Is.EqualTo(VarintStatus.NotMinimal));
        Assert.Throws<FormatException>(() => Varint.Read(bytes, out _));
    }

    /// <summary>Input ending inside a varint is incomplete, never a value.</summary>
    [TestCase(new byte[] { 0x80 })]
    [TestCase(new byte[] { 0xff, 0xff })]
    [TestCase(new byte[0])]
    [Requirement("VARINT-FMT-004")]
    public void Truncated_IsIncomplete(byte[] bytes)
    {
        Assert.That(Varint.TryRead(bytes, out _, out int consumed), Is.EqualTo(VarintStatus.NeedMoreData));
        Assert.That(consumed, Is.Zero);
    }

    /// <summary>Nine bytes is the limit: a tenth continuation is rejected without reading further.</summary>
    [Test]
    [Requirement("VARINT-MAX-001")]
    public void TenBytes_IsOverflow()
    {
        byte[] nine = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
        Assert.That(Varint.TryRead(nine, out ulong max, out _), Is.EqualTo(VarintStatus.Ok));
        Assert.That(max, Is.EqualTo(Varint.MaxValue));
        byte[] ten = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        Assert.That(Varint.TryRead(ten, out _, out _), Is.EqualTo(VarintStatus.Overflow));
        Assert.That(Varint.TryRead(ten.AsSpan(0, 9), out _, out _), Is.EqualTo(VarintStatus.Overflow));
    }

    /// <summary>Every value up to 2^63-1 round-trips (random sample plus the boundaries of each length).</summary>
    [Test]
    [Requirement("VARINT-MAX-002")]
    public void AllValues_RoundTrip()
    {
        var values = new List<ulong> { 0, Varint.MaxValue };
        for (int bits = 7; bits < 63; bits += 7)
        {
            values.Add((1UL << bits) - 1);
            values.Add(1UL << bits);
        }
        var random = new Random(20261123);
        for (int i = 0; i < 10_000; i++)
        {
            values.Add((ulong)random.NextInt64(long.MaxValue) >> random.Next(63));
        }
        Span<byte> buffer = stackalloc byte[Varint.MaxLength];
        foreach (ulong value in values)
        {
            int written = Varint.Write(buffer, value);
            Assert.That(written, Is.EqualTo(Varint.GetLength(value)));
            Assert.That(Varint.TryRead(buffer[..written], out ulong decoded, out int consumed), Is.EqualTo(VarintStatus.Ok));
            Assert.That((decoded, consumed), Is.EqualTo((value, written)));
        }
    }
}
