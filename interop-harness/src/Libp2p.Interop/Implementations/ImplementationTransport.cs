namespace Libp2p.Interop.Implementations;

/// <summary>One transport an implementation supports; <see cref="OnlyDial"/> as in test-plans' <c>versionsInput.json</c> (browsers cannot listen).</summary>
public sealed record ImplementationTransport(string Name, bool OnlyDial = false);
