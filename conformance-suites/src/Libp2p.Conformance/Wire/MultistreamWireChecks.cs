using System.Buffers;
using System.IO.Pipelines;
using Libp2p.Core.Abstractions;
using Libp2p.Multistream;
using Libp2p.Stack;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// multistream-select on the raw connection of a listener (libp2p/specs connections/README.md "Protocol
/// Negotiation", multiformats/multistream-select): header, agreement, "na", and hostile proposals.
/// </summary>
public static class MultistreamWireChecks
{
    private const string Module = "multistream";
    private static readonly string Header = MultistreamCodec.ProtocolId;

    /// <summary>Every multistream check.</summary>
    public static IReadOnlyList<WireCheck> All { get; } =
    [
        new("Listener_sends_header_and_echoes_a_supported_proposal", Module, ["MSS-MSG-001", "MSS-MSG-002", "MSS-HDR-001", "MSS-NEG-002", "MSS-NEG-005", "MSS-UPG-001"], HeaderAndAgreementAsync),
        new("Unsupported_proposal_gets_na_and_the_channel_stays_open", Module, ["MSS-MSG-004", "MSS-NEG-003"], NaAsync),
        new("Protocol_ids_match_literally", Module, ["MSS-NEG-006"], LiteralMatchAsync),
        new("Wrong_header_aborts_the_negotiation", Module, ["MSS-HDR-003"], WrongHeaderAsync),
        new("Non_minimal_length_prefix_is_rejected", Module, ["MSS-MSG-003"], NonMinimalAsync),
        new("Message_without_newline_is_rejected", Module, ["MSS-MSG-005"], MissingNewlineAsync),
        new("Oversized_message_is_rejected_before_its_body", Module, ["MSS-MSG-006"], OversizedAsync),
        new("Ls_is_answered_or_refused_with_na", Module, ["MSS-LS-003"], LsAsync),
    ];

    private static async Task<IRawConnection> OpenAsync(WireCheckContext context, CancellationToken ct)
    {
        WireEndpoint endpoint = context.Endpoint();
        return await WireConnector.DialRawAsync(endpoint, ct).ConfigureAwait(false);
    }

    private static async Task SendAsync(PipeWriter output, CancellationToken ct, params byte[][] parts)
    {
        foreach (byte[] part in parts)
        {
            output.Write(part);
        }
        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    private static async Task HeaderAndAgreementAsync(WireCheckContext context, CancellationToken ct)
    {
        WireEndpoint endpoint = context.Endpoint();
        string security = WireConnector.SecurityProtocolId(endpoint.Security);
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, WireReader.Multistream(Header), WireReader.Multistream(security)).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, Header, "the multistream header", ct).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, security, "the echo of the proposal", ct).ConfigureAwait(false);
        // MSS-NEG-005 / MSS-UPG-001: what follows the echo is the security handshake, then the muxer is negotiated inside it.
        ISecurityProtocol protocol = ReferenceStack.CreateSecurity(endpoint.Security, context.TesterIdentity, []);
        await using ISecureConnection secure = await protocol.SecureOutboundAsync(raw, endpoint.PeerId, ct).ConfigureAwait(false);
        await MultistreamSelect.SelectOutboundAsync(secure, [WireConnector.MuxerProtocolId(endpoint.Muxer)], ct).ConfigureAwait(false);
    }

    private static async Task NaAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, WireReader.Multistream(Header), WireReader.Multistream("/conformance/does-not-exist/1.0.0")).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, Header, "the multistream header", ct).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, MultistreamCodec.NotAvailable, "\"na\" (03 6e 61 0a)", ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, WireReader.Multistream(security)).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, security, "the echo of a second proposal after \"na\"", ct).ConfigureAwait(false);
    }

    private static async Task LiteralMatchAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, WireReader.Multistream(Header), WireReader.Multistream(security.ToUpperInvariant())).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, Header, "the multistream header", ct).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, MultistreamCodec.NotAvailable, $"\"na\" to '{security.ToUpperInvariant()}'", ct).ConfigureAwait(false);
    }

    /// <summary>Sends a hostile opening and requires the target never to echo <paramref name="proposal"/> and to close.</summary>
    private static async Task ExpectRejectedAsync(WireCheckContext context, byte[] opening, string proposal, string why, CancellationToken ct)
    {
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, opening).ConfigureAwait(false);
        byte[] seen = await WireReader.ExpectClosedAsync(raw.Input, WireReader.CloseWait, why, ct).ConfigureAwait(false);
        byte[] echo = WireReader.Multistream(proposal);
        if (seen.AsSpan().IndexOf(echo) >= 0)
        {
            throw new WireViolationException($"{why}: the target accepted it and echoed '{proposal}'; observed {WireViolationException.Hex(seen)}");
        }
    }

    private static async Task<bool> RejectedOrNaAsync(WireCheckContext context, byte[] opening, string proposal, string why, CancellationToken ct)
    {
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, opening).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(WireReader.CloseWait);
        byte[] echo = System.Text.Encoding.UTF8.GetBytes(proposal + "\n");
        var seen = new List<byte>();
        try
        {
            while (true)
            {
                byte[]? body = await WireReader.ReadMultistreamAsync(raw.Input, deadline.Token).ConfigureAwait(false);
                if (body is null)
                {
                    return true;
                }
                seen.AddRange(body);
                if (body.AsSpan().SequenceEqual(echo))
                {
                    throw new WireViolationException($"{why}: the target accepted it and echoed '{proposal}'; observed bodies {WireViolationException.Hex([.. seen])}");
                }
                if (body.AsSpan().SequenceEqual("na\n"u8))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new WireViolationException($"{why}: neither closed nor answered \"na\" within {WireReader.CloseWait.TotalSeconds:0} s; observed bodies {WireViolationException.Hex([.. seen])}");
        }
        catch (Exception e) when (WireReader.IsConnectionError(e))
        {
            return true;
        }
    }

    private static Task WrongHeaderAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        byte[] opening = [.. WireReader.Multistream("/multistream/2.0.0"), .. WireReader.Multistream(security)];
        return ExpectRejectedAsync(context, opening, security, "a first message other than /multistream/1.0.0 must abort the negotiation", ct);
    }

    private static Task NonMinimalAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        byte[] proposal = WireReader.Multistream(security);
        // The same message with its one-byte length written as two varint bytes (0x80 | n, 0x00).
        byte[] overlong = [(byte)(0x80 | proposal[0]), 0x00, .. proposal.AsSpan(1)];
        byte[] opening = [.. WireReader.Multistream(Header), .. overlong];
        return RejectedOrNaAsync(context, opening, security, $"a proposal with a non-minimal length prefix ({WireViolationException.Hex(overlong, 4)}...) must be rejected", ct);
    }

    private static Task MissingNewlineAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        byte[] text = System.Text.Encoding.UTF8.GetBytes(security + "x");
        byte[] opening = [.. WireReader.Multistream(Header), (byte)text.Length, .. text];
        return RejectedOrNaAsync(context, opening, security, "a message whose last byte is not a newline must be rejected", ct);
    }

    private static async Task OversizedAsync(WireCheckContext context, CancellationToken ct)
    {
        // Declares 2000 bytes but sends only 16: a target that waits for the body is buffering it.
        byte[] opening = [.. WireReader.Multistream(Header), 0xd0, 0x0f, .. new byte[16]];
        await ExpectRejectedAsync(context, opening, "/never-sent", "a message declaring 2000 bytes must be rejected before its body arrives", ct).ConfigureAwait(false);
    }

    private static async Task LsAsync(WireCheckContext context, CancellationToken ct)
    {
        string security = WireConnector.SecurityProtocolId(context.Endpoint().Security);
        await using IRawConnection raw = await OpenAsync(context, ct).ConfigureAwait(false);
        await SendAsync(raw.Output, ct, WireReader.Multistream(Header), WireReader.Multistream(MultistreamCodec.List)).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, Header, "the multistream header", ct).ConfigureAwait(false);
        byte[] answer = await WireReader.ReadMultistreamAsync(raw.Input, ct).ConfigureAwait(false)
            ?? throw new WireViolationException("the target closed the channel on \"ls\" instead of answering it or refusing it with \"na\"");
        if (answer.Length == 0 || answer[^1] != (byte)'\n')
        {
            throw new WireViolationException($"malformed answer to \"ls\": {WireViolationException.Hex(answer)}");
        }
        await SendAsync(raw.Output, ct, WireReader.Multistream(security)).ConfigureAwait(false);
        await WireReader.ExpectMultistreamAsync(raw.Input, security, "the echo of a proposal after \"ls\"", ct).ConfigureAwait(false);
    }
}
