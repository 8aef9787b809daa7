using System.Buffers.Binary;
using Libp2p.Core.Multiformats;

namespace Libp2p.Host.Dialing;

/// <summary>
/// Orders a peer's addresses into a dial schedule (HOST-DIAL-009), as go-libp2p's default ranker does: QUIC before
/// TCP and WebSocket, IPv6 and IPv4 interleaved with a Connection Attempt Delay between them (RFC 8305 sections 4
/// and 5: first IPv6 at once, first IPv4 one delay later, the rest of the class one delay after that), shorter
/// delays for loopback and private addresses, relayed addresses last.
/// </summary>
public static class AddressRanker
{
    private const ulong Ip4 = 4, Tcp = 6, Ip6 = 41, Unix = 400, Quic = 460, QuicV1 = 461, WebTransport = 465, Ws = 477, Wss = 478, Relay = 290, Memory = 777;

    /// <summary>Ranks <paramref name="addresses"/> (without <c>/p2p</c> suffixes); duplicates are dropped.</summary>
    public static IReadOnlyList<ScheduledDial> Rank(IEnumerable<Multiaddr> addresses, DialerOptions options)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(options);
        Multiaddr[] all = addresses.Distinct().ToArray();
        var relayed = all.Where(IsRelayed).ToArray();
        var direct = all.Where(a => !IsRelayed(a)).ToArray();
        var schedule = new List<ScheduledDial>(all.Length);
        schedule.AddRange(RankGroup(direct.Where(IsPrivate), options.PrivateAttemptDelay, TimeSpan.Zero));
        schedule.AddRange(RankGroup(direct.Where(a => !IsPrivate(a)), options.PublicAttemptDelay, TimeSpan.Zero));
        TimeSpan relayStart = direct.Length > 0 ? options.RelayDelay : TimeSpan.Zero;
        schedule.AddRange(RankGroup(relayed, options.PublicAttemptDelay, relayStart));
        // Stable: equal delays keep the group order above (private before public, QUIC before TCP).
        return [.. schedule.Select((d, i) => (d, i)).OrderBy(x => x.d.Delay).ThenBy(x => x.i).Select(x => x.d)];
    }

    /// <summary>The transport class used for ranking: 0 QUIC, 1 stream transports (TCP, WebSocket, memory, unix), 2 anything else.</summary>
    public static int TransportClass(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        bool quic = false, stream = false, other = false;
        foreach (MultiaddrComponent c in address.Components)
        {
            switch (c.Code)
            {
                case Quic or QuicV1:
                    quic = true;
                    break;
                case WebTransport or 280 or 281:
                    other = true;
                    break;
                case Tcp or Ws or Wss or Memory or Unix:
                    stream = true;
                    break;
            }
        }
        return other ? 2 : quic ? 0 : stream ? 1 : 2;
    }

    /// <summary>Whether the address is loopback, private (RFC 1918, RFC 4193), link-local, or in-memory.</summary>
    public static bool IsPrivate(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Components.Count == 0)
        {
            return false;
        }
        MultiaddrComponent first = address.Components[0];
        ReadOnlySpan<byte> ip = first.ValueBytes.Span;
        return first.Code switch
        {
            Memory or Unix => true,
            Ip4 when ip.Length == 4 => ip[0] == 127 || ip[0] == 10 || (ip[0] == 172 && (ip[1] & 0xF0) == 16) || (ip[0] == 192 && ip[1] == 168) || (ip[0] == 169 && ip[1] == 254),
            Ip6 when ip.Length == 16 => IsPrivate6(ip),
            _ => false,
        };
    }

    private static bool IsPrivate6(ReadOnlySpan<byte> ip)
    {
        bool loopback = BinaryPrimitives.ReadUInt64BigEndian(ip) == 0 && BinaryPrimitives.ReadUInt64BigEndian(ip[8..]) == 1;
        return loopback || (ip[0] & 0xFE) == 0xFC || (ip[0] == 0xFE && (ip[1] & 0xC0) == 0x80);
    }

    private static bool IsRelayed(Multiaddr address) => address.Components.Any(c => c.Code == Relay);

    private static bool IsIp6(Multiaddr address) => address.Components.Count > 0 && (address.Components[0].Code == Ip6 || address.Components[0].Name == "dns6");

    private static List<ScheduledDial> RankGroup(IEnumerable<Multiaddr> addresses, TimeSpan delay, TimeSpan start)
    {
        var result = new List<ScheduledDial>();
        TimeSpan classStart = start;
        foreach (IGrouping<int, Multiaddr> cls in addresses.GroupBy(TransportClass).OrderBy(g => g.Key))
        {
            List<Multiaddr> interleaved = Interleave(cls.Where(IsIp6).ToList(), cls.Where(a => !IsIp6(a)).ToList());
            TimeSpan last = classStart;
            for (int i = 0; i < interleaved.Count; i++)
            {
                last = classStart + (delay * Math.Min(i, 2));
                result.Add(new ScheduledDial(interleaved[i], last));
            }
            classStart = last + delay;
        }
        return result;
    }

    // RFC 8305 section 4: alternate address families, starting with IPv6.
    private static List<Multiaddr> Interleave(List<Multiaddr> v6, List<Multiaddr> v4)
    {
        var result = new List<Multiaddr>(v6.Count + v4.Count);
        for (int i = 0; i < Math.Max(v6.Count, v4.Count); i++)
        {
            if (i < v6.Count)
            {
                result.Add(v6[i]);
            }
            if (i < v4.Count)
            {
                result.Add(v4[i]);
            }
        }
        return result;
    }
}
