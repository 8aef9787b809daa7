using BenchmarkDotNet.Running;

namespace Libp2p.Benchmarks;

/// <summary>Runs the micro-benchmarks; pass BenchmarkDotNet arguments (e.g. <c>--filter *Varint* --job short</c>).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
