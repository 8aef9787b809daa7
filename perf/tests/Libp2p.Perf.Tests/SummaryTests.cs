using CsCheck;
using Libp2p.Perf.Runner;

namespace Libp2p.Perf.Tests;

public sealed class SummaryTests
{
    [Test]
    public void Quartiles_of_known_values_interpolate_linearly()
    {
        Summary s = Summary.Of([7, 1, 3, 5, 9]);
        Assert.Multiple(() =>
        {
            Assert.That(s.Count, Is.EqualTo(5));
            Assert.That(s.Min, Is.EqualTo(1));
            Assert.That(s.Q1, Is.EqualTo(3));
            Assert.That(s.Median, Is.EqualTo(5));
            Assert.That(s.Q3, Is.EqualTo(7));
            Assert.That(s.Max, Is.EqualTo(9));
            Assert.That(s.Outliers, Is.Empty);
        });
    }

    [Test]
    public void Even_count_median_is_the_mean_of_the_middle_pair()
    {
        Summary s = Summary.Of([1, 2, 3, 4]);
        Assert.Multiple(() =>
        {
            Assert.That(s.Median, Is.EqualTo(2.5));
            Assert.That(s.Q1, Is.EqualTo(1.75));
            Assert.That(s.Q3, Is.EqualTo(3.25));
        });
    }

    [Test]
    public void Values_beyond_one_and_a_half_IQR_are_outliers()
    {
        // q1 = 2.25, q3 = 4.75, IQR = 2.5: fences at -1.5 and 8.5.
        Summary high = Summary.Of([1, 2, 3, 4, 5, 100]);
        Assert.That(high.Outliers, Is.EqualTo(new[] { 100.0 }));
        // q1 = 1.25, q3 = 3.75: fences at -2.5 and 7.5.
        Summary low = Summary.Of([-100, 1, 2, 3, 4, 5]);
        Assert.That(low.Outliers, Is.EqualTo(new[] { -100.0 }));
        Assert.That(Summary.Of([1, 2, 3, 4, 5, 8.5]).Outliers, Is.Empty, "a value exactly on the fence is not an outlier");
    }

    [Test]
    public void Empty_input_is_rejected() => Assert.Throws<ArgumentException>(() => Summary.Of([]));

    [Test]
    public void Summary_is_ordered_and_contains_its_outliers()
    {
        Gen.Double[-1e6, 1e6].Array[1, 60].Sample(values =>
        {
            Summary s = Summary.Of(values);
            Assert.That(s.Min <= s.Q1 && s.Q1 <= s.Median && s.Median <= s.Q3 && s.Q3 <= s.Max, Is.True);
            Assert.That(s.Outliers, Is.SubsetOf(values));
        });
    }
}
