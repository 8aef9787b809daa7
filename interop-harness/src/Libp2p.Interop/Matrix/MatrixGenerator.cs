using Libp2p.Interop.Implementations;
using Libp2p.Interop.Node;

namespace Libp2p.Interop.Matrix;

/// <summary>
/// Builds the test list as test-plans' <c>transport-interop/src/generator.ts</c> does (docs/TEST-PLANS.md §1.1
/// "Matrix generation"): every ordered (dialer, listener) pair, self-pairs included, sharing a transport the listener
/// does not declare <c>onlyDial</c>; non-standalone transports additionally need a common secure channel and muxer,
/// one test per common (security, muxer) combination.
/// </summary>
public static class MatrixGenerator
{
    /// <summary>Generates the tests selected by <paramref name="options"/>, sorted by name.</summary>
    public static IReadOnlyList<InteropTest> Generate(IReadOnlyList<Implementation> implementations, MatrixOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(implementations);
        options ??= new MatrixOptions();
        if (options.ShardCount < 1 || options.ShardIndex < 0 || options.ShardIndex >= options.ShardCount)
        {
            throw new ArgumentException($"shard index {options.ShardIndex} is not in 0..{options.ShardCount - 1}", nameof(options));
        }
        IReadOnlyList<Implementation> selected = options.Implementations is null
            ? implementations
            : implementations.Where(i => options.Implementations.Contains(i.Id)).ToList();
        var tests = new List<InteropTest>();
        foreach (Implementation dialer in selected)
        {
            foreach (Implementation listener in selected)
            {
                foreach (ImplementationTransport dialTransport in dialer.Transports)
                {
                    string transport = dialTransport.Name;
                    if (options.Transports is not null && !options.Transports.Contains(transport))
                    {
                        continue;
                    }
                    if (!listener.Transports.Any(t => t.Name == transport && !t.OnlyDial))
                    {
                        continue;
                    }
                    if (NodeSettings.StandaloneTransports.Contains(transport))
                    {
                        tests.Add(new InteropTest(dialer, listener, transport, null, null));
                        continue;
                    }
                    foreach (string security in dialer.SecureChannels.Where(listener.SecureChannels.Contains))
                    {
                        foreach (string muxer in dialer.Muxers.Where(listener.Muxers.Contains))
                        {
                            tests.Add(new InteropTest(dialer, listener, transport, security, muxer));
                        }
                    }
                }
            }
        }
        string[] include = Split(options.NameFilter);
        string[] exclude = Split(options.NameIgnore);
        return tests
            .DistinctBy(t => t.Name)
            .Where(t => include.Length == 0 || include.Any(s => t.Name.Contains(s, StringComparison.Ordinal)))
            .Where(t => !exclude.Any(s => t.Name.Contains(s, StringComparison.Ordinal)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Where((_, index) => index % options.ShardCount == options.ShardIndex)
            .ToList();
    }

    private static string[] Split(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
