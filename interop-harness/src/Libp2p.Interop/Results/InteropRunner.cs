using Libp2p.Interop.Matrix;
using Libp2p.Interop.Runtime;

namespace Libp2p.Interop.Results;

/// <summary>
/// Runs a generated matrix on a runtime: tests the runtime cannot run become <see cref="InteropOutcome.NotRun"/>
/// with the runtime's reason, the rest run with <see cref="InteropRunOptions.Workers"/> in parallel, and each result is
/// matched against the known failures.
/// </summary>
public sealed class InteropRunner(IRuntime runtime, KnownFailures knownFailures)
{
    /// <summary>Runs <paramref name="tests"/>; results come back in the order of <paramref name="tests"/>.</summary>
    public async Task<IReadOnlyList<InteropTestResult>> RunAsync(IReadOnlyList<InteropTest> tests, InteropRunOptions options, IProgress<InteropProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(options);
        var results = new InteropTestResult[tests.Count];
        var runnable = new List<int>();
        int done = 0;
        int failures = 0;
        void Report(int index, InteropTestResult result)
        {
            results[index] = result;
            int failed = result.IsUnexpectedFailure ? Interlocked.Increment(ref failures) : Volatile.Read(ref failures);
            progress?.Report(new InteropProgress(Interlocked.Increment(ref done), tests.Count, failed, result));
        }

        for (int i = 0; i < tests.Count; i++)
        {
            string? reason = runtime.CannotRun(tests[i].Dialer) ?? runtime.CannotRun(tests[i].Listener);
            if (reason is null)
            {
                runnable.Add(i);
            }
            else
            {
                Report(i, new InteropTestResult { Test = tests[i], Outcome = InteropOutcome.NotRun, Reason = reason });
            }
        }
        if (runnable.Count > 0)
        {
            int workers = Math.Clamp(options.Workers, 1, runnable.Count);
            await runtime.StartAsync(workers, cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(runnable, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, async (index, token) =>
            {
                InteropTest test = tests[index];
                InteropTestResult result;
                try
                {
                    result = await runtime.RunAsync(test, test.Timeout(options.Timeout), token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result = new InteropTestResult { Test = test, Outcome = InteropOutcome.Failure, Reason = $"harness error: {e.Message}" };
                }
                Report(index, result with { KnownFailure = knownFailures.Match(test.Name) });
            }).ConfigureAwait(false);
        }
        return results;
    }
}
