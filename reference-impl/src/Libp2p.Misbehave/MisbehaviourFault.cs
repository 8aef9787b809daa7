namespace Libp2p.Misbehave;

/// <summary>
/// One rule a misbehaving listener breaks on purpose, so the conformance suites can be shown to fail
/// (the mutation check of issue 10). <see cref="Requirements"/> are the spec-idl requirement IDs the wire suite
/// of <see cref="Module"/> must then report failed.
/// </summary>
/// <param name="Name">The <c>--misbehave</c> value, e.g. <c>yamux-window-overrun</c>.</param>
/// <param name="Module">spec-idl module whose wire checks detect the fault, e.g. <c>yamux</c>.</param>
/// <param name="Requirements">Requirement IDs the fault violates.</param>
/// <param name="Description">What the listener does wrong, in one sentence.</param>
public sealed record MisbehaviourFault(string Name, string Module, IReadOnlyList<string> Requirements, string Description);
