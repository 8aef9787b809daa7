using Libp2p.Core.Crypto;

namespace Libp2p.Core.Tests.Crypto;

public sealed class VerificationMemoTests
{
    [Test]
    public void KeyOf_SeparatesTheParts_SoDifferentSplitsOfTheSameBytesDoNotCollide()
    {
        Assert.That(VerificationMemo<string>.KeyOf("ab"u8, "c"u8), Is.Not.EqualTo(VerificationMemo<string>.KeyOf("a"u8, "bc"u8)));
        Assert.That(VerificationMemo<string>.KeyOf("abc"u8), Is.Not.EqualTo(VerificationMemo<string>.KeyOf("ab"u8, "c"u8)));
        var again = VerificationMemo<string>.KeyOf("a"u8, "b"u8, "c"u8);
        Assert.That(VerificationMemo<string>.KeyOf("a"u8, "b"u8, "c"u8), Is.EqualTo(again));
    }

    [Test]
    public void KeyOf_LargeInputs_GoThroughAPooledBuffer_AndStillDiffer()
    {
        byte[] big = new byte[5000];
        byte[] other = (byte[])big.Clone();
        other[^1] = 1;
        Assert.That(VerificationMemo<string>.KeyOf(big), Is.Not.EqualTo(VerificationMemo<string>.KeyOf(other)));
        var again = VerificationMemo<string>.KeyOf((byte[])big.Clone());
        Assert.That(VerificationMemo<string>.KeyOf(big), Is.EqualTo(again));
    }

    [Test]
    public void Find_ReturnsOnlyWhatWasAdded()
    {
        var memo = new VerificationMemo<string>(8);
        var key = VerificationMemo<string>.KeyOf("signed"u8);
        Assert.That(memo.Find(key), Is.Null);
        memo.Add(key, "peer");
        Assert.That(memo.Find(key), Is.EqualTo("peer"));
        Assert.That(memo.Find(VerificationMemo<string>.KeyOf("signed!"u8)), Is.Null);
    }

    [Test]
    public void Memo_NeverHoldsMoreThanItsCapacity()
    {
        var memo = new VerificationMemo<string>(16);
        for (int i = 0; i < 1000; i++)
        {
            memo.Add(VerificationMemo<string>.KeyOf(BitConverter.GetBytes(i)), "x");
            Assert.That(memo.Count, Is.LessThanOrEqualTo(16));
        }
        // The newest entry survives the start-over.
        Assert.That(memo.Find(VerificationMemo<string>.KeyOf(BitConverter.GetBytes(999))), Is.EqualTo("x"));
    }
}
