namespace Libp2p.Conformance.Wire;

/// <summary>
/// How to start one implementation's listener for a <c>wire:ID</c> target (conformance-suites/wire-targets.yaml).
/// The command prints its listen addresses, one per stdout line; the first TCP address carrying <c>/p2p/</c> is
/// used. When the command contains <c>{security}</c> or <c>{muxer}</c>, one listener is started per combination;
/// otherwise one listener offers them all. <c>{repo}</c> is the repository root, <c>{cli}</c> our built CLI.
/// </summary>
/// <param name="Id">Implementation ID, as in interop-harness/implementations.yaml.</param>
/// <param name="Command">Program and arguments.</param>
/// <param name="Security">Security protocols offered (null: take them from implementations.yaml).</param>
/// <param name="Muxers">Muxers offered (null: take them from implementations.yaml).</param>
/// <param name="Protocols">Protocol IDs served on streams.</param>
public sealed record WireTargetRecipe(string Id, IReadOnlyList<string> Command, IReadOnlyList<string>? Security, IReadOnlyList<string>? Muxers, IReadOnlyList<string> Protocols)
{
    /// <summary>Whether one listener is needed per (security, muxer) combination.</summary>
    public bool PerCombination => Command.Any(a => a.Contains("{security}", StringComparison.Ordinal) || a.Contains("{muxer}", StringComparison.Ordinal));
}
