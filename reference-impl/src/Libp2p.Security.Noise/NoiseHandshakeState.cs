using System.Security.Cryptography;
using Libp2p.Security.Noise.Internal;

namespace Libp2p.Security.Noise;

/// <summary>
/// A sans-IO <c>Noise_XX_25519_ChaChaPoly_SHA256</c> handshake (Noise Protocol Framework rev 34, sections 5.3
/// and 7.5; libp2p/specs noise/README.md "XX"): <c>-&gt; e</c>, <c>&lt;- e, ee, s, es</c>, <c>-&gt; s, se</c>.
/// It has no encrypt API: once the three messages are processed, <see cref="Split"/> yields the
/// <see cref="NoiseTransportState"/>. Any failure poisons the state; later calls throw.
/// </summary>
public sealed class NoiseHandshakeState : IDisposable
{
    /// <summary>The Noise protocol name hashed into the initial state.</summary>
    public const string ProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";

    /// <summary>Maximum size of any Noise message (section 3).</summary>
    public const int MaxMessageLength = 65535;

    private const int MessageCount = 3;
    private const int KeyLength = NoiseKeyPair.KeyLength;
    private const int TagLength = NoiseCipherState.TagLength;

    private readonly NoiseSymmetricState _symmetric;
    private readonly NoiseKeyPair _static;
    private NoiseKeyPair? _ephemeral;
    private byte[]? _remoteEphemeral;
    private byte[]? _remoteStatic;
    private int _messageIndex;
    private bool _failed;
    private bool _split;

    private NoiseHandshakeState(bool initiator, NoiseKeyPair staticKey, ReadOnlySpan<byte> prologue, NoiseKeyPair? ephemeral)
    {
        IsInitiator = initiator;
        _static = staticKey;
        _ephemeral = ephemeral;
        _symmetric = new NoiseSymmetricState(ProtocolName);
        _symmetric.MixHash(prologue);
    }

    /// <summary>Whether this side sends the first message.</summary>
    public bool IsInitiator { get; }

    /// <summary>Whether all three messages have been processed.</summary>
    public bool IsComplete => _messageIndex == MessageCount;

    /// <summary>Whether the next step is <see cref="WriteMessage"/> (otherwise <see cref="ReadMessage"/>).</summary>
    public bool IsMyTurn => !IsComplete && ((_messageIndex % 2 == 0) == IsInitiator);

    /// <summary>The remote static key once received (after message 2 for the initiator, message 3 for the responder).</summary>
    public ReadOnlySpan<byte> RemoteStaticKey => _remoteStatic;

    /// <summary>The handshake hash <c>h</c> (channel binding value once complete, section 11.2).</summary>
    public ReadOnlySpan<byte> HandshakeHash => _symmetric.Hash;

    /// <summary>Creates the initiator. <paramref name="ephemeral"/> is only for test vectors; leave it null.</summary>
    public static NoiseHandshakeState CreateInitiator(NoiseKeyPair staticKey, ReadOnlySpan<byte> prologue = default, NoiseKeyPair? ephemeral = null)
        => new(true, staticKey ?? throw new ArgumentNullException(nameof(staticKey)), prologue, ephemeral);

    /// <summary>Creates the responder. <paramref name="ephemeral"/> is only for test vectors; leave it null.</summary>
    public static NoiseHandshakeState CreateResponder(NoiseKeyPair staticKey, ReadOnlySpan<byte> prologue = default, NoiseKeyPair? ephemeral = null)
        => new(false, staticKey ?? throw new ArgumentNullException(nameof(staticKey)), prologue, ephemeral);

    /// <summary>Size of the next message this side writes when it carries <paramref name="payloadLength"/> payload bytes.</summary>
    public int GetNextMessageLength(int payloadLength) => _messageIndex switch
    {
        0 => KeyLength + payloadLength,
        1 => KeyLength + KeyLength + TagLength + payloadLength + TagLength,
        2 => KeyLength + TagLength + payloadLength + TagLength,
        _ => throw new InvalidOperationException("the handshake is complete"),
    };

    /// <summary>Minimum size of the next message the remote sends (its payload being empty).</summary>
    public int GetMinimumRemoteMessageLength() => GetNextMessageLength(0);

    /// <summary>WriteMessage (section 5.3): writes the next handshake message into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public int WriteMessage(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        EnsureUsable();
        if (!IsMyTurn)
        {
            throw new InvalidOperationException("it is the remote's turn to send");
        }
        int length = GetNextMessageLength(payload.Length);
        if (length > MaxMessageLength)
        {
            throw new ArgumentException($"a {length}-byte handshake message exceeds {MaxMessageLength} bytes", nameof(payload));
        }
        if (destination.Length < length)
        {
            throw new ArgumentException("destination too small", nameof(destination));
        }
        try
        {
            int offset = 0;
            Span<byte> shared = stackalloc byte[KeyLength];
            switch (_messageIndex)
            {
                case 0: // -> e
                    offset += WriteEphemeral(destination);
                    break;
                case 1: // <- e, ee, s, es
                    offset += WriteEphemeral(destination);
                    MixDh(_ephemeral!, _remoteEphemeral!, shared);
                    offset += _symmetric.EncryptAndHash(_static.PublicKey, destination[offset..]);
                    MixDh(_static, _remoteEphemeral!, shared);
                    break;
                case 2: // -> s, se
                    offset += _symmetric.EncryptAndHash(_static.PublicKey, destination[offset..]);
                    MixDh(_static, _remoteEphemeral!, shared);
                    break;
            }
            offset += _symmetric.EncryptAndHash(payload, destination[offset..]);
            _messageIndex++;
            return offset;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>ReadMessage (section 5.3): processes the remote's next message and writes its payload into <paramref name="payloadDestination"/>.</summary>
    /// <returns>The payload length.</returns>
    public int ReadMessage(ReadOnlySpan<byte> message, Span<byte> payloadDestination)
    {
        EnsureUsable();
        if (IsMyTurn || IsComplete)
        {
            throw new InvalidOperationException("it is not the remote's turn to send");
        }
        try
        {
            if (message.Length > MaxMessageLength)
            {
                throw new NoiseException($"a {message.Length}-byte handshake message exceeds {MaxMessageLength} bytes");
            }
            int minimum = GetMinimumRemoteMessageLength();
            if (message.Length < minimum)
            {
                throw new NoiseException($"handshake message {_messageIndex + 1} is {message.Length} bytes, shorter than the minimum {minimum}");
            }
            int payloadLength = message.Length - minimum;
            if (payloadDestination.Length < payloadLength)
            {
                throw new ArgumentException("payload destination too small", nameof(payloadDestination));
            }
            int offset = 0;
            Span<byte> shared = stackalloc byte[KeyLength];
            Span<byte> remoteStatic = stackalloc byte[KeyLength];
            switch (_messageIndex)
            {
                case 0: // -> e
                    offset += ReadEphemeral(message);
                    break;
                case 1: // <- e, ee, s, es
                    offset += ReadEphemeral(message);
                    MixDh(_ephemeral!, _remoteEphemeral!, shared);
                    offset += ReadStatic(message[offset..], remoteStatic);
                    MixDh(_ephemeral!, _remoteStatic!, shared);
                    break;
                case 2: // -> s, se
                    offset += ReadStatic(message[offset..], remoteStatic);
                    MixDh(_ephemeral!, _remoteStatic!, shared);
                    break;
            }
            int written = _symmetric.DecryptAndHash(message[offset..], payloadDestination);
            _messageIndex++;
            return written;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Split (section 5.2): derives the transport keys. Only once, only after the third message.</summary>
    public NoiseTransportState Split()
    {
        EnsureUsable();
        if (!IsComplete)
        {
            throw new InvalidOperationException("the handshake is not complete");
        }
        if (_split)
        {
            throw new InvalidOperationException("Split was already called");
        }
        _split = true;
        Span<byte> initiatorToResponder = stackalloc byte[NoiseHkdf.HashLength];
        Span<byte> responderToInitiator = stackalloc byte[NoiseHkdf.HashLength];
        _symmetric.Split(initiatorToResponder, responderToInitiator);
        var transport = IsInitiator
            ? new NoiseTransportState(initiatorToResponder, responderToInitiator, _symmetric.Hash)
            : new NoiseTransportState(responderToInitiator, initiatorToResponder, _symmetric.Hash);
        CryptographicOperations.ZeroMemory(initiatorToResponder);
        CryptographicOperations.ZeroMemory(responderToInitiator);
        return transport;
    }

    /// <inheritdoc />
    public void Dispose() => _symmetric.Dispose();

    private void EnsureUsable()
    {
        if (_failed)
        {
            throw new InvalidOperationException("the handshake has failed");
        }
    }

    private int WriteEphemeral(Span<byte> destination)
    {
        _ephemeral ??= NoiseKeyPair.Generate();
        _ephemeral.PublicKey.CopyTo(destination);
        _symmetric.MixHash(_ephemeral.PublicKey);
        return KeyLength;
    }

    private int ReadEphemeral(ReadOnlySpan<byte> message)
    {
        _remoteEphemeral = message[..KeyLength].ToArray();
        _symmetric.MixHash(_remoteEphemeral);
        return KeyLength;
    }

    private int ReadStatic(ReadOnlySpan<byte> message, Span<byte> remoteStatic)
    {
        int length = KeyLength + TagLength;
        _symmetric.DecryptAndHash(message[..length], remoteStatic);
        _remoteStatic = remoteStatic.ToArray();
        return length;
    }

    private void MixDh(NoiseKeyPair local, byte[] remote, Span<byte> shared)
    {
        local.Agree(remote, shared);
        _symmetric.MixKey(shared);
        CryptographicOperations.ZeroMemory(shared);
    }
}
