namespace Libp2p.Perf.Runner;

/// <summary>
/// Five-number summary plus Tukey outliers (values beyond 1.5 IQR from the quartiles). Quartiles use linear
/// interpolation between order statistics (type 7, as R, NumPy and Excel's QUARTILE.INC).
/// </summary>
public sealed record Summary(int Count, double Min, double Q1, double Median, double Q3, double Max, IReadOnlyList<double> Outliers)
{
    /// <summary>Summarises <paramref name="values"/>; throws when empty.</summary>
    public static Summary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no values to summarise", nameof(values));
        }
        double q1 = Quantile(sorted, 0.25);
        double q3 = Quantile(sorted, 0.75);
        double fence = 1.5 * (q3 - q1);
        double[] outliers = sorted.Where(v => v < q1 - fence || v > q3 + fence).ToArray();
        return new Summary(sorted.Length, sorted[0], q1, Quantile(sorted, 0.5), q3, sorted[^1], outliers);
    }

    /// <summary>Quantile <paramref name="p"/> of already sorted values (type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
