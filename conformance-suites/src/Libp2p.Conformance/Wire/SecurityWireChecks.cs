using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Google.Protobuf;
using Libp2p.Core.Abstractions;
using Libp2p.Core.Identity;
using Libp2p.Core.Protos;
using Libp2p.Multistream;
using Libp2p.Security.Noise;
using KeyType = Libp2p.Core.Identity.KeyType;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;

namespace Libp2p.Conformance.Wire;

/// <summary>
/// The security handshake of a listener (libp2p/specs connections/README.md, noise/README.md, tls/tls.md): a
/// proper handshake must authenticate the listener, and hostile handshakes or tampered records must end the
/// connection.
/// </summary>
public static class SecurityWireChecks
{
    /// <summary>Checks of the generic secure-channel requirements, on the first endpoint.</summary>
    public static IReadOnlyList<WireCheck> Security { get; } =
    [
        new("Handshake_authenticates_the_listener", "security", ["SECURITY-ID-001"], (c, ct) => AuthenticatesAsync(c, c.Endpoint(), ct)),
        new("Unsupported_security_protocol_is_refused_with_na", "security", ["SECURITY-NEG-001"], RefusesUnknownAsync),
        new("Garbage_handshake_fails_and_closes", "security", ["SECURITY-HS-001", "SECURITY-HS-002"], (c, ct) => GarbageHandshakeAsync(c, c.Endpoint(), ct)),
        new("Injected_bytes_after_the_handshake_fail_the_connection", "security", ["SECURITY-DATA-002"], (c, ct) => InjectedBytesAsync(c, c.Endpoint(), ct)),
    ];

    /// <summary>noise-libp2p checks, on the endpoint secured with noise.</summary>
    public static IReadOnlyList<WireCheck> Noise { get; } =
    [
        new("Noise_handshake_authenticates_the_listener", "noise",
            ["NOISE-NEG-001", "NOISE-CRYPTO-001", "NOISE-CRYPTO-002", "NOISE-HS-001", "NOISE-HS-003", "NOISE-PAYLOAD-001", "NOISE-PAYLOAD-002", "NOISE-PAYLOAD-003", "NOISE-PAYLOAD-008", "NOISE-WIRE-001"],
            (c, ct) => AuthenticatesAsync(c, c.Endpoint(security: "noise"), ct)),
        new("Noise_malformed_first_message_aborts", "noise", ["NOISE-HS-004"], (c, ct) => GarbageHandshakeAsync(c, c.Endpoint(security: "noise"), ct)),
        new("Noise_tampered_transport_message_terminates", "noise", ["NOISE-WIRE-004"], (c, ct) => InjectedBytesAsync(c, c.Endpoint(security: "noise"), ct)),
        new("Noise_invalid_identity_signature_is_rejected", "noise", ["NOISE-PAYLOAD-004", "NOISE-PAYLOAD-005"], BadSignatureAsync),
    ];

    /// <summary>libp2p TLS checks, on the endpoint secured with tls.</summary>
    public static IReadOnlyList<WireCheck> Tls { get; } =
    [
        new("Tls_handshake_authenticates_the_listener", "tls",
            ["TLS-PROTO-001", "TLS-HS-001", "TLS-HS-003", "TLS-EXT-001", "TLS-EXT-002", "TLS-EXT-003", "TLS-CERT-005"],
            (c, ct) => AuthenticatesAsync(c, c.Endpoint(security: "tls"), ct)),
    ];

    private static async Task AuthenticatesAsync(WireCheckContext context, WireEndpoint endpoint, CancellationToken ct)
    {
        PeerId expected = endpoint.PeerId ?? throw new WireViolationException($"the listener printed no /p2p/ peer ID: {endpoint.Address}");
        await using WireSecuredChannel channel = await WireConnector.SecureAsync(endpoint, context.TesterIdentity, ct).ConfigureAwait(false);
        if (channel.Secure.RemotePeer != expected || PeerId.FromPublicKey(channel.Secure.RemotePublicKey) != expected)
        {
            throw new WireViolationException($"the handshake authenticated {channel.Secure.RemotePeer}, the listener advertises {expected}");
        }
    }

    private static async Task RefusesUnknownAsync(WireCheckContext context, CancellationToken ct)
    {
        WireEndpoint endpoint = context.Endpoint();
        await using IRawConnection raw = await WireConnector.DialRawAsync(endpoint, ct).ConfigureAwait(false);
        string security = WireConnector.SecurityProtocolId(endpoint.Security);
        string selected = await MultistreamSelect.SelectOutboundAsync(raw, ["/conformance/insecure/0.0.1", security], ct).ConfigureAwait(false);
        if (selected != security)
        {
            throw new WireViolationException($"the listener agreed to {selected}");
        }
    }

    private static async Task<IRawConnection> SelectSecurityAsync(WireEndpoint endpoint, CancellationToken ct)
    {
        IRawConnection raw = await WireConnector.DialRawAsync(endpoint, ct).ConfigureAwait(false);
        await MultistreamSelect.SelectOutboundAsync(raw, [WireConnector.SecurityProtocolId(endpoint.Security)], ct).ConfigureAwait(false);
        return raw;
    }

    private static async Task GarbageHandshakeAsync(WireCheckContext context, WireEndpoint endpoint, CancellationToken ct)
    {
        await using IRawConnection raw = await SelectSecurityAsync(endpoint, ct).ConfigureAwait(false);
        // Noise: a 2-byte first message cannot carry a 32-byte ephemeral key. TLS: not a TLS record.
        byte[] garbage = [0x00, 0x02, 0xab, 0xcd, .. RandomNumberGenerator.GetBytes(5)];
        await raw.Output.WriteAsync(garbage, ct).ConfigureAwait(false);
        await WireReader.ExpectClosedAsync(raw.Input, WireReader.CloseWait, $"a malformed first {endpoint.Security} handshake message must abort the handshake", ct).ConfigureAwait(false);
    }

    private static async Task InjectedBytesAsync(WireCheckContext context, WireEndpoint endpoint, CancellationToken ct)
    {
        await using WireSecuredChannel channel = await WireConnector.SecureAsync(endpoint, context.TesterIdentity, ct).ConfigureAwait(false);
        // A well-framed record whose ciphertext and tag are random: it cannot authenticate.
        byte[] forged = endpoint.Security == "tls"
            ? [0x17, 0x03, 0x03, 0x00, 0x30, .. RandomNumberGenerator.GetBytes(48)]
            : [0x00, 0x30, .. RandomNumberGenerator.GetBytes(48)];
        await channel.Raw.Output.WriteAsync(forged, ct).ConfigureAwait(false);
        await WireReader.ExpectClosedAsync(channel.Secure.Input, WireReader.CloseWait, "a record that fails authentication must terminate the connection", ct).ConfigureAwait(false);
    }

    private static async Task BadSignatureAsync(WireCheckContext context, CancellationToken ct)
    {
        WireEndpoint endpoint = context.Endpoint(security: "noise");
        await using IRawConnection raw = await SelectSecurityAsync(endpoint, ct).ConfigureAwait(false);
        NoiseKeyPair staticKey = NoiseKeyPair.Generate();
        using NoiseHandshakeState handshake = NoiseHandshakeState.CreateInitiator(staticKey);
        byte[] buffer = new byte[NoiseHandshakeState.MaxMessageLength];
        await SendFrameAsync(raw.Output, buffer.AsMemory(0, handshake.WriteMessage([], buffer)), ct).ConfigureAwait(false);
        byte[] message2 = await ReadFrameAsync(raw.Input, ct).ConfigureAwait(false);
        handshake.ReadMessage(message2, buffer);
        // identity_key is ours, identity_sig is made by another key: NOISE-PAYLOAD-005 requires termination.
        PrivateKey other = PrivateKey.Generate(KeyType.Ed25519);
        byte[] payload = new NoiseHandshakePayload
        {
            IdentityKey = ByteString.CopyFrom(context.TesterIdentity.PublicKey.ToProtobuf()),
            IdentitySig = ByteString.CopyFrom(other.Sign([.. "noise-libp2p-static-key:"u8, .. staticKey.PublicKey])),
        }.ToByteArray();
        await SendFrameAsync(raw.Output, buffer.AsMemory(0, handshake.WriteMessage(payload, buffer)), ct).ConfigureAwait(false);
        await WireReader.ExpectClosedAsync(raw.Input, WireReader.CloseWait, "a handshake payload whose identity_sig does not verify must terminate the connection", ct).ConfigureAwait(false);
    }

    private static async Task SendFrameAsync(PipeWriter output, ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        byte[] frame = new byte[2 + message.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)message.Length);
        message.Span.CopyTo(frame.AsSpan(2));
        await output.WriteAsync(frame, ct).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadFrameAsync(PipeReader input, CancellationToken ct)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(ct).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length >= 2)
            {
                byte[] prefix = buffer.Slice(0, 2).ToArray();
                int length = BinaryPrimitives.ReadUInt16BigEndian(prefix);
                if (buffer.Length >= 2 + length)
                {
                    byte[] message = buffer.Slice(2, length).ToArray();
                    input.AdvanceTo(buffer.GetPosition(2 + length));
                    return message;
                }
            }
            if (result.IsCompleted)
            {
                throw new WireViolationException($"the listener closed during the noise handshake; observed {WireReader.Observed(buffer)}");
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
