using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Dialing;

/// <summary>One address of a ranked dial, to be tried <paramref name="Delay"/> after the dial starts (unless earlier attempts all failed first).</summary>
/// <param name="Address">The transport address (without <c>/p2p</c>).</param>
/// <param name="Delay">When to start it, relative to the start of the dial.</param>
public sealed record ScheduledDial(Multiaddr Address, TimeSpan Delay);
