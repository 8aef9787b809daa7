using System.Buffers;
using Google.Protobuf;
using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Daemon.Protocol;

namespace Libp2p.Daemon;

/// <summary>
/// Decodes and validates one control <c>Request</c> (go-libp2p-daemon specs/CONTROL.md, "Protocol Specification"): the
/// protobuf must parse, carry a known type and the body that type needs, within the limits below. Every failure is a
/// <see cref="ControlProtocolException"/> whose message the daemon returns in an <c>ERROR</c> response.
/// </summary>
public static class ControlRequestDecoder
{
    /// <summary>Most addresses one CONNECT or PEERSTORE request may carry.</summary>
    public const int MaxAddresses = 64;

    /// <summary>Most protocol IDs one STREAM_OPEN or STREAM_HANDLER request may carry.</summary>
    public const int MaxProtocols = 32;

    /// <summary>Longest protocol ID accepted (multistream-select caps a message at 1024 bytes).</summary>
    public const int MaxProtocolLength = 1024;

    /// <summary>Decodes <paramref name="payload"/> (the bytes after the length prefix).</summary>
    /// <exception cref="ControlProtocolException">The request is malformed, unknown or incomplete.</exception>
    public static Request Decode(in ReadOnlySequence<byte> payload)
    {
        Request request;
        try
        {
            request = Request.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ControlProtocolException($"malformed request: {e.Message}", e);
        }
        Validate(request);
        return request;
    }

    /// <summary>Decodes <paramref name="payload"/> (the bytes after the length prefix).</summary>
    /// <exception cref="ControlProtocolException">The request is malformed, unknown or incomplete.</exception>
    public static Request Decode(ReadOnlySpan<byte> payload) => Decode(new ReadOnlySequence<byte>(payload.ToArray()));

    /// <summary>Parses a peer ID field; a typed error when it is not a peer ID multihash.</summary>
    public static PeerId ReadPeerId(ByteString bytes, string field)
    {
        try
        {
            return PeerId.FromBytes(bytes.Span);
        }
        catch (PeerIdFormatException e)
        {
            throw new ControlProtocolException($"{field} is not a peer ID: {e.Message}", e);
        }
    }

    /// <summary>Parses a binary multiaddr field; a typed error when it is not one.</summary>
    public static Multiaddr ReadMultiaddr(ByteString bytes, string field)
    {
        if (!Multiaddr.TryFromBytes(bytes.Span, out Multiaddr? address))
        {
            throw new ControlProtocolException($"{field} is not a binary multiaddr");
        }
        return address;
    }

    private static void Validate(Request request)
    {
        if (!request.HasType)
        {
            throw new ControlProtocolException("request has no type");
        }
        if (!Enum.IsDefined(request.Type))
        {
            throw new ControlProtocolException($"unknown request type {(int)request.Type}");
        }
        switch (request.Type)
        {
            case Request.Types.Type.Connect:
                Require(request.Connect, "CONNECT");
                ReadPeerId(request.Connect.Peer, "connect.peer");
                CheckCount(request.Connect.Addrs.Count, MaxAddresses, "connect.addrs");
                foreach (ByteString address in request.Connect.Addrs)
                {
                    ReadMultiaddr(address, "connect.addrs");
                }
                break;
            case Request.Types.Type.StreamOpen:
                Require(request.StreamOpen, "STREAM_OPEN");
                ReadPeerId(request.StreamOpen.Peer, "streamOpen.peer");
                CheckProtocols(request.StreamOpen.Proto, "streamOpen.proto");
                break;
            case Request.Types.Type.StreamHandler:
                Require(request.StreamHandler, "STREAM_HANDLER");
                ReadMultiaddr(request.StreamHandler.Addr, "streamHandler.addr");
                CheckProtocols(request.StreamHandler.Proto, "streamHandler.proto");
                break;
            case Request.Types.Type.Disconnect:
                Require(request.Disconnect, "DISCONNECT");
                ReadPeerId(request.Disconnect.Peer, "disconnect.peer");
                break;
            case Request.Types.Type.Connmanager:
                Require(request.ConnManager, "CONNMANAGER");
                if (!request.ConnManager.HasType || !Enum.IsDefined(request.ConnManager.Type))
                {
                    throw new ControlProtocolException("CONNMANAGER request has no known type");
                }
                break;
            case Request.Types.Type.Peerstore:
                Require(request.PeerStore, "PEERSTORE");
                if (!request.PeerStore.HasType || !Enum.IsDefined(request.PeerStore.Type))
                {
                    throw new ControlProtocolException("PEERSTORE request has no known type");
                }
                break;
        }
    }

    private static void Require(object? body, string type)
    {
        if (body is null)
        {
            throw new ControlProtocolException($"{type} request without its body");
        }
    }

    private static void CheckCount(int count, int max, string field)
    {
        if (count > max)
        {
            throw new ControlProtocolException($"{field} has {count} entries, above the limit of {max}");
        }
    }

    private static void CheckProtocols(IReadOnlyList<string> protocols, string field)
    {
        if (protocols.Count == 0)
        {
            throw new ControlProtocolException($"{field} names no protocol");
        }
        CheckCount(protocols.Count, MaxProtocols, field);
        foreach (string protocol in protocols)
        {
            if (protocol.Length == 0 || protocol.Length > MaxProtocolLength || protocol[0] != '/')
            {
                throw new ControlProtocolException($"{field} has an invalid protocol ID (empty, over {MaxProtocolLength} characters, or not starting with '/')");
            }
        }
    }
}
