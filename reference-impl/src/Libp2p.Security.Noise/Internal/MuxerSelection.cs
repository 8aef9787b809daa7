namespace Libp2p.Security.Noise.Internal;

/// <summary>connections/inlined-muxer-negotiation.md "Multiplexer Negotiation over Noise".</summary>
internal static class MuxerSelection
{
    /// <summary>
    /// The first entry of the initiator's list that the responder also lists. The spec's prose rule is used; its
    /// example (which ends up with the responder's preference) contradicts it, and go-libp2p follows the rule.
    /// Null when either side sent no list (multistream-select then negotiates the muxer); a
    /// <see cref="NoiseException"/> when both sent lists without overlap ("the handshake MUST fail").
    /// </summary>
    public static string? Select(IReadOnlyList<string> initiatorMuxers, IReadOnlyList<string> responderMuxers)
    {
        if (initiatorMuxers.Count == 0 || responderMuxers.Count == 0)
        {
            return null;
        }
        foreach (string candidate in initiatorMuxers)
        {
            foreach (string supported in responderMuxers)
            {
                if (string.Equals(candidate, supported, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
        }
        throw new NoiseException(
            $"no common stream muxer: initiator offers [{string.Join(", ", initiatorMuxers)}], responder [{string.Join(", ", responderMuxers)}]");
    }
}
