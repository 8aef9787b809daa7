using System.Text;
using CsCheck;
using Libp2p.Core.Multiformats;

namespace Libp2p.Core.Tests.Multiformats;

/// <summary>Multibase and Base58: round trips for every encoding, malformed input as typed errors, limits.</summary>
public sealed class MultibaseTests
{
    private static IEnumerable<MultibaseEncoding> BinaryEncodings => Multibase.Encodings.Where(e => e != MultibaseEncoding.Identity);

    [TestCaseSource(nameof(BinaryEncodings))]
    public void AnyBytes_RoundTrip(MultibaseEncoding encoding)
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            string text = Multibase.Encode(encoding, bytes);
            return text.StartsWith(Multibase.GetPrefix(encoding), StringComparison.Ordinal)
                && Multibase.Decode(text, out MultibaseEncoding reported).AsSpan().SequenceEqual(bytes)
                && reported == encoding;
        });
    }

    [Test]
    public void LeadingZeros_ArePreserved()
    {
        Gen.Int[0, 5].Select(Gen.Byte.Array[0, 20]).Sample((zeros, tail) =>
        {
            byte[] bytes = [.. new byte[zeros], .. tail];
            return BinaryEncodings.All(e => Multibase.Decode(Multibase.Encode(e, bytes)).AsSpan().SequenceEqual(bytes));
        });
    }

    [Test]
    public void Identity_CarriesUtf8Text()
    {
        Gen.String.Sample(s =>
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(s);
            if (!System.Text.Unicode.Utf8.IsValid(utf8) || Encoding.UTF8.GetString(utf8) != s)
            {
                return true;
            }
            return Multibase.Decode(Multibase.Encode(MultibaseEncoding.Identity, utf8)).AsSpan().SequenceEqual(utf8);
        });
        Assert.Throws<ArgumentException>(() => Multibase.Encode(MultibaseEncoding.Identity, [0xff]));
    }

    [Test]
    public void ArbitraryText_FailsOnlyWithMultibaseFormatException()
    {
        Gen.String.Sample(s =>
        {
            bool ok = Multibase.TryDecode(s, out _, out byte[]? viaTry);
            try
            {
                byte[] decoded = Multibase.Decode(s);
                return ok && decoded.AsSpan().SequenceEqual(viaTry);
            }
            catch (MultibaseFormatException)
            {
                return !ok;
            }
        });
    }

    [TestCase("f0")]
    [TestCase("f0g")]
    [TestCase("b1")]
    [TestCase("bab")]
    [TestCase("c========")]
    [TestCase("cme=====")]
    [TestCase("MAA=A")]
    [TestCase("m=")]
    [TestCase("0012")]
    [TestCase("7008")]
    [TestCase("k!")]
    [TestCase("\U0001F680x")]
    [TestCase("\U0001F680\U0001F984")]
    public void Malformed_IsRejected(string text)
    {
        var ex = Assert.Throws<MultibaseFormatException>(() => Multibase.Decode(text));
        Assert.That(ex!.Message, Is.Not.Empty);
    }

    [Test]
    public void NonZeroTrailingBits_AreRejected()
    {
        // "bab": 10 bits for one byte, the last 2 of which must be zero.
        Assert.That(Multibase.TryDecode("bae", out _, out _), Is.True);
        Assert.That(Multibase.TryDecode("baf", out _, out _), Is.False);
    }

    [Test]
    public void RadixInput_IsCapped()
    {
        string huge = "z" + new string('2', Multibase.MaxRadixEncodedLength + 1);
        Assert.Throws<MultibaseFormatException>(() => Multibase.Decode(huge));
        Assert.Throws<MultibaseFormatException>(() => Base58.Decode(huge[1..]));
        Assert.Throws<ArgumentException>(() => Base58.Encode(new byte[Base58.MaxEncodedLength]));
    }

    [Test]
    public void Base58_RoundTrips_AndRejectsOutsideAlphabet()
    {
        Gen.Byte.Array[0, 64].Sample(bytes => Base58.Decode(Base58.Encode(bytes)).AsSpan().SequenceEqual(bytes));
        Assert.That(Base58.Encode([0, 0, 1]), Is.EqualTo("112"));
        foreach (string bad in new[] { "0", "O", "I", "l", "+", "é" })
        {
            Assert.Throws<MultibaseFormatException>(() => Base58.Decode(bad));
            Assert.That(Base58.TryDecode(bad, out _), Is.False);
        }
    }

    [Test]
    public void Names_RoundTrip()
    {
        foreach (MultibaseEncoding encoding in Multibase.Encodings)
        {
            Assert.That(Multibase.TryGetEncoding(Multibase.GetName(encoding), out MultibaseEncoding back) && back == encoding, Is.True, encoding.ToString());
        }
        Assert.That(Multibase.TryGetEncoding("base45", out _), Is.False);
    }
}
