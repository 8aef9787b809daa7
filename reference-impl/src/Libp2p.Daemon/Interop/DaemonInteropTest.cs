namespace Libp2p.Daemon.Interop;

/// <summary>One test of the suite as mocha reported it.</summary>
/// <param name="Pairing"><c>ours-js</c> or <c>ours-ours</c>.</param>
/// <param name="Title">Mocha's full title.</param>
/// <param name="From">Implementation on the dialing/sending side (<c>ours</c> or <c>js</c>), when the title names one.</param>
/// <param name="To">Implementation on the listening side.</param>
/// <param name="State"><c>passed</c>, <c>failed</c> or <c>pending</c>.</param>
/// <param name="DurationMs">Mocha's duration, when it measured one.</param>
/// <param name="Error">First line of the failure.</param>
/// <param name="Daemons">The daemons spawned for the test, each as <c>slot=impl transport/encryption/muxer</c> plus its outcome.</param>
public sealed record DaemonInteropTest(string Pairing, string Title, string? From, string? To, string State, double? DurationMs, string? Error, IReadOnlyList<string> Daemons);
