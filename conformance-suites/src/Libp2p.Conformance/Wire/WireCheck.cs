namespace Libp2p.Conformance.Wire;

/// <summary>
/// One check of a listener from the wire: our stack is the tester, the target is the listener. All of its
/// <see cref="Requirements"/> belong to <see cref="Module"/> (a spec-idl module name), so a misbehaving listener
/// fails only requirements of the module it breaks. It passes by returning, fails with
/// <see cref="WireViolationException"/> (or any other error), and throws <see cref="WireUnsupportedException"/>
/// when the target lacks what it needs.
/// </summary>
/// <param name="Name">Test name, as the suite fixture method that runs it is named.</param>
/// <param name="Module">spec-idl module of every requirement, e.g. <c>yamux</c>.</param>
/// <param name="Requirements">Requirement IDs it judges.</param>
/// <param name="Run">The check.</param>
public sealed record WireCheck(string Name, string Module, IReadOnlyList<string> Requirements, Func<WireCheckContext, CancellationToken, Task> Run)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Module}/{Name}";
}
