namespace Libp2p.Perf.Runner;

/// <summary>One BenchmarkDotNet case of perf/benchmarks/Libp2p.Benchmarks, as folded into results.json and the dashboard.</summary>
/// <param name="Type">Benchmark class, e.g. <c>NoiseTransportBenchmarks</c>.</param>
/// <param name="Method">Benchmark method, e.g. <c>Encrypt64K</c>.</param>
/// <param name="Parameters">BenchmarkDotNet parameter text (<c>Muxer=yamux</c>), empty when none.</param>
/// <param name="MeanNanoseconds">Mean time per operation.</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes allocated per operation (MemoryDiagnoser), null when not measured.</param>
public sealed record MicroBenchmarkResult(string Type, string Method, string Parameters, double MeanNanoseconds, long? AllocatedBytesPerOperation)
{
    /// <summary><c>Type.Method</c> plus the parameters in brackets when there are any.</summary>
    public string Name => Parameters.Length == 0 ? $"{Type}.{Method}" : $"{Type}.{Method} [{Parameters}]";
}
