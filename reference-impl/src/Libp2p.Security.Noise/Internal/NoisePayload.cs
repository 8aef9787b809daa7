using Google.Protobuf;
using Libp2p.Core.Crypto;
using Libp2p.Core.Identity;
using Libp2p.Core.Protos;
using PrivateKey = Libp2p.Core.Identity.PrivateKey;
using PublicKey = Libp2p.Core.Identity.PublicKey;

namespace Libp2p.Security.Noise.Internal;

/// <summary>
/// The libp2p handshake payload (libp2p/specs noise/README.md "The libp2p Handshake Payload"):
/// identity key, signature over <c>"noise-libp2p-static-key:" || static key</c>, and extensions.
/// </summary>
internal static class NoisePayload
{
    public const int MaxStreamMuxers = 32;
    public const int MaxStreamMuxerLength = 256;

    /// <summary>Identity signatures over static keys that verified, by identity key, static key and signature.</summary>
    internal static VerificationMemo<PublicKey> VerifiedIdentities { get; } = new(1024);

    private static ReadOnlySpan<byte> SignaturePrefix => "noise-libp2p-static-key:"u8;

    public static byte[] Create(PrivateKey identity, ReadOnlySpan<byte> staticPublicKey, IReadOnlyList<string> streamMuxers)
    {
        var payload = new NoiseHandshakePayload
        {
            IdentityKey = ByteString.CopyFrom(identity.PublicKey.ToProtobuf()),
            IdentitySig = ByteString.CopyFrom(identity.Sign(SignedData(staticPublicKey))),
        };
        if (streamMuxers.Count > 0)
        {
            var extensions = new NoiseExtensions();
            extensions.StreamMuxers.AddRange(streamMuxers);
            payload.Extensions = extensions;
        }
        return payload.ToByteArray();
    }

    /// <summary>Decodes and verifies a remote payload against the remote's static Noise key.</summary>
    public static RemoteIdentity Verify(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> remoteStaticKey)
    {
        NoiseHandshakePayload payload;
        try
        {
            payload = NoiseHandshakePayload.Parser.ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new NoiseException("malformed NoiseHandshakePayload", ex);
        }
        if (!payload.HasIdentityKey || payload.IdentityKey.IsEmpty)
        {
            throw new NoiseException("handshake payload carries no identity key");
        }
        if (!payload.HasIdentitySig || payload.IdentitySig.IsEmpty)
        {
            throw new NoiseException("handshake payload carries no identity signature");
        }
        (UInt128, UInt128) memoKey = VerificationMemo<PublicKey>.KeyOf(payload.IdentityKey.Span, remoteStaticKey, payload.IdentitySig.Span);
        if (VerifiedIdentities.Find(memoKey) is not { } key)
        {
            key = VerifyIdentity(payload, remoteStaticKey);
            VerifiedIdentities.Add(memoKey, key);
        }
        IReadOnlyList<string> muxers = [];
        if (payload.Extensions is { } extensions)
        {
            if (extensions.StreamMuxers.Count > MaxStreamMuxers)
            {
                throw new NoiseException($"more than {MaxStreamMuxers} stream muxers announced");
            }
            foreach (string muxer in extensions.StreamMuxers)
            {
                if (muxer.Length == 0 || muxer.Length > MaxStreamMuxerLength)
                {
                    throw new NoiseException("stream muxer protocol ID is empty or too long");
                }
            }
            muxers = [.. extensions.StreamMuxers];
        }
        return new RemoteIdentity(key, PeerId.FromPublicKey(key), muxers);
    }

    /// <summary>Parses the identity key and checks its signature over the static key (the uncached path).</summary>
    private static PublicKey VerifyIdentity(NoiseHandshakePayload payload, ReadOnlySpan<byte> remoteStaticKey)
    {
        PublicKey key;
        try
        {
            key = PublicKey.FromProtobuf(payload.IdentityKey.Span);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NoiseException("handshake payload carries an invalid identity key", ex);
        }
        bool valid;
        try
        {
            valid = key.Verify(SignedData(remoteStaticKey), payload.IdentitySig.Span);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new NoiseException("identity signature could not be verified", ex);
        }
        if (!valid)
        {
            throw new NoiseException("identity signature over the static Noise key is invalid");
        }
        return key;
    }

    private static byte[] SignedData(ReadOnlySpan<byte> staticPublicKey)
    {
        var data = new byte[SignaturePrefix.Length + staticPublicKey.Length];
        SignaturePrefix.CopyTo(data);
        staticPublicKey.CopyTo(data.AsSpan(SignaturePrefix.Length));
        return data;
    }
}
