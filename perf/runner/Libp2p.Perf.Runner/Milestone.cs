namespace Libp2p.Perf.Runner;

/// <summary>A performance milestone of perf/milestones.yaml: <c>metric comparison target</c>, e.g. <c>throughput.dotnet_over_js &gt;= 3</c>.</summary>
public sealed class Milestone
{
    /// <summary>Short ID, e.g. <c>M1</c> or <c>M3b</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>One sentence.</summary>
    public string Title { get; set; } = "";

    /// <summary>Name of the measured ratio or value (keys of <see cref="PerfReport.Metrics"/>).</summary>
    public string Metric { get; set; } = "";

    /// <summary><c>&gt;=</c> or <c>&lt;=</c>.</summary>
    public string Comparison { get; set; } = ">=";

    /// <summary>The threshold.</summary>
    public double Target { get; set; }

    /// <summary>Unit shown next to values (<c>x</c>, <c>ms</c>, <c>conn/s</c>, <c>bytes</c>).</summary>
    public string Unit { get; set; } = "x";

    /// <summary>Value recorded in the file from the last reference run (<see cref="MeasuredIn"/>); informational, the runner measures afresh.</summary>
    public double? Current { get; set; }

    /// <summary>Status recorded with <see cref="Current"/>: <c>pass</c> or <c>fail</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Which run <see cref="Current"/> comes from (date, command, machine load).</summary>
    public string? MeasuredIn { get; set; }

    /// <summary>Passes when <paramref name="measured"/> meets the target; null when not measured.</summary>
    public bool? Evaluate(double? measured) => measured switch
    {
        null => null,
        double v when double.IsNaN(v) => null,
        double v => Comparison switch
        {
            ">=" => v >= Target,
            "<=" => v <= Target,
            _ => throw new InvalidOperationException($"milestone {Id}: unknown comparison '{Comparison}'"),
        },
    };
}
