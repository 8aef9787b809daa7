namespace Libp2p.Idl.Tool;

/// <summary>Build-time driver of the IDL compiler (invoked by MSBuild); filled in by the compiler work.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => args.Length == 0 ? 0 : 2;
}
