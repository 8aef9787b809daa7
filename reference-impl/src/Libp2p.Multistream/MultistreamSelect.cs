using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Multistream.Internal;

namespace Libp2p.Multistream;

/// <summary>
/// multistream-select 1.0 (<c>/multistream/1.0.0</c>): protocol negotiation on a fresh connection or stream
/// (multiformats/multistream-select README; libp2p/specs connections/README.md "Protocol Negotiation").
/// Timeouts come from the caller's token; bytes after the agreed protocol stay unread in the pipe.
/// </summary>
public static class MultistreamSelect
{
    /// <summary>Proposals a listener answers before giving up on a peer that never agrees.</summary>
    public const int MaxNegotiationRounds = 64;

    /// <summary>
    /// Dialer side: proposes <paramref name="protocols"/> in order (header and first proposal in one write)
    /// and returns the first the listener echoes. Throws <see cref="ProtocolNotSupportedException"/> when every
    /// proposal is refused with <c>na</c>, <see cref="ProtocolViolationException"/> on a malformed answer.
    /// </summary>
    public static async ValueTask<string> SelectOutboundAsync(IDuplexPipe pipe, IReadOnlyList<string> protocols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ValidateProposals(protocols);
        await MessageIO.WriteAsync(pipe.Output, MultistreamCodec.ProtocolId, protocols[0], cancellationToken).ConfigureAwait(false);
        await ExpectHeaderAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < protocols.Count; i++)
        {
            if (i > 0)
            {
                await MessageIO.WriteAsync(pipe.Output, protocols[i], null, cancellationToken).ConfigureAwait(false);
            }
            string answer = await MessageIO.ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (answer == protocols[i])
            {
                return answer;
            }
            if (answer != MultistreamCodec.NotAvailable)
            {
                throw new ProtocolViolationException($"multistream-select: expected '{protocols[i]}' or 'na', got '{answer}'");
            }
        }
        throw new ProtocolNotSupportedException($"multistream-select: the remote supports none of {string.Join(", ", protocols)}");
    }

    /// <summary>
    /// Dialer side, optimistic ("lazy") negotiation of a single protocol: writes the header and the proposal and
    /// returns at once. The returned pipe's first read consumes the listener's confirmation; a refusal surfaces
    /// there as <see cref="ProtocolNotSupportedException"/>. Data written before that is sent optimistically.
    /// </summary>
    public static async ValueTask<IDuplexPipe> SelectOutboundLazyAsync(IDuplexPipe pipe, string protocol, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ValidateProposals([protocol]);
        await MessageIO.WriteAsync(pipe.Output, MultistreamCodec.ProtocolId, protocol, cancellationToken).ConfigureAwait(false);
        return new LazyNegotiatedPipe(pipe, protocol);
    }

    /// <summary>Listener side: answers proposals until one is in <paramref name="supported"/>, and returns it.</summary>
    public static ValueTask<string> SelectInboundAsync(IDuplexPipe pipe, IReadOnlyCollection<string> supported, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(supported);
        return SelectInboundAsync(pipe, supported.Contains, supported, cancellationToken);
    }

    /// <summary>
    /// Listener side: sends the header, then answers each proposal with its echo when
    /// <paramref name="isSupported"/> accepts it (and returns it) or with <c>na</c>; answers <c>ls</c> with
    /// <paramref name="advertised"/>. Fails with <see cref="ProtocolViolationException"/> on a bad header,
    /// a malformed or oversized message, or after <see cref="MaxNegotiationRounds"/> refusals.
    /// </summary>
    public static async ValueTask<string> SelectInboundAsync(IDuplexPipe pipe, Func<string, bool> isSupported, IEnumerable<string> advertised, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(isSupported);
        ArgumentNullException.ThrowIfNull(advertised);
        await MessageIO.WriteAsync(pipe.Output, MultistreamCodec.ProtocolId, null, cancellationToken).ConfigureAwait(false);
        await ExpectHeaderAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        for (int round = 0; round < MaxNegotiationRounds; round++)
        {
            string proposal = await MessageIO.ReadMessageAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
            if (proposal == MultistreamCodec.List)
            {
                MultistreamCodec.WriteList(pipe.Output, advertised);
                await FlushAsync(pipe.Output, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (MultistreamCodec.IsValidProtocolId(proposal) && isSupported(proposal))
            {
                await MessageIO.WriteAsync(pipe.Output, proposal, null, cancellationToken).ConfigureAwait(false);
                return proposal;
            }
            await MessageIO.WriteAsync(pipe.Output, MultistreamCodec.NotAvailable, null, cancellationToken).ConfigureAwait(false);
        }
        throw new ProtocolViolationException($"multistream-select: no agreement after {MaxNegotiationRounds} proposals");
    }

    /// <summary>Dialer side: sends the header and <c>ls</c>, and returns the protocols the listener lists.</summary>
    public static async ValueTask<IReadOnlyList<string>> ListAsync(IDuplexPipe pipe, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        await MessageIO.WriteAsync(pipe.Output, MultistreamCodec.ProtocolId, MultistreamCodec.List, cancellationToken).ConfigureAwait(false);
        await ExpectHeaderAsync(pipe.Input, cancellationToken).ConfigureAwait(false);
        var body = await MessageIO.ReadFrameCopyAsync(pipe.Input, MultistreamCodec.MaxListLength, cancellationToken).ConfigureAwait(false);
        return MultistreamCodec.TryParseList(body, out IReadOnlyList<string> protocols)
            ? protocols
            : throw new ProtocolViolationException("multistream-select: malformed ls answer");
    }

    private static async ValueTask ExpectHeaderAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        string header = await MessageIO.ReadMessageAsync(reader, cancellationToken).ConfigureAwait(false);
        if (header != MultistreamCodec.ProtocolId)
        {
            throw new ProtocolViolationException($"multistream-select: unexpected header '{header}'");
        }
    }

    private static async ValueTask FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        FlushResult flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
        {
            throw new ProtocolViolationException("multistream-select: the remote closed the connection during negotiation");
        }
    }

    private static void ValidateProposals(IReadOnlyList<string> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        if (protocols.Count == 0)
        {
            throw new ArgumentException("at least one protocol must be proposed", nameof(protocols));
        }
        foreach (string protocol in protocols)
        {
            if (!MultistreamCodec.IsValidProtocolId(protocol))
            {
                throw new ArgumentException($"invalid protocol ID '{protocol}'", nameof(protocols));
            }
        }
    }
}
