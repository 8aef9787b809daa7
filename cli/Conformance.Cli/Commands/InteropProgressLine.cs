using Libp2p.Interop.Results;

namespace Conformance.Cli.Commands;

/// <summary>The live progress display of <c>interop</c> on stderr: one rewritten line on a terminal, one line per test otherwise.</summary>
internal sealed class InteropProgressLine(TextWriter stderr) : IProgress<InteropProgress>
{
    private readonly Lock _gate = new();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _width;

    public void Report(InteropProgress value)
    {
        string outcome = value.Last.Outcome switch
        {
            InteropOutcome.Success => "ok",
            InteropOutcome.NotRun => "not run",
            _ when value.Last.KnownFailure is not null => "known failure",
            _ => "FAILED",
        };
        TimeSpan elapsed = _clock.Elapsed;
        string line = $"[{value.Done}/{value.Total} {(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s] failures: {value.Failures}  {value.Last.Test.Name}: {outcome}";
        lock (_gate)
        {
            if (_terminal)
            {
                stderr.Write("\r" + line.PadRight(_width));
                _width = Math.Max(_width, line.Length);
            }
            else
            {
                stderr.WriteLine(line);
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (_terminal && _width > 0)
            {
                stderr.WriteLine();
            }
        }
    }
}
