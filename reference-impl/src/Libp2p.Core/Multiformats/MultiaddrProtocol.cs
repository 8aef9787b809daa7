using System.Collections.Frozen;
using Libp2p.Core.Multiformats.Internal;

namespace Libp2p.Core.Multiformats;

/// <summary>
/// One protocol of the multiaddr protocol table (multiformats/multiaddr protocols.csv: code, size, name).
/// A test compares this table with conformance-suites/vectors/multiaddr/protocols.csv row by row.
/// </summary>
public sealed class MultiaddrProtocol
{
    /// <summary>Size value for protocols whose value is varint-length-prefixed ("V" in protocols.csv).</summary>
    public const int VariableSize = -1;

    private static readonly MultiaddrProtocol[] Table =
    [
        new(4, 32, "ip4", MultiaddrValueKind.Ip4),
        new(6, 16, "tcp", MultiaddrValueKind.Port),
        new(273, 16, "udp", MultiaddrValueKind.Port),
        new(33, 16, "dccp", MultiaddrValueKind.Port),
        new(41, 128, "ip6", MultiaddrValueKind.Ip6),
        new(42, VariableSize, "ip6zone", MultiaddrValueKind.Text),
        new(43, 8, "ipcidr", MultiaddrValueKind.Byte),
        new(53, VariableSize, "dns", MultiaddrValueKind.Text),
        new(54, VariableSize, "dns4", MultiaddrValueKind.Text),
        new(55, VariableSize, "dns6", MultiaddrValueKind.Text),
        new(56, VariableSize, "dnsaddr", MultiaddrValueKind.Text),
        new(132, 16, "sctp", MultiaddrValueKind.Port),
        new(301, 0, "udt", MultiaddrValueKind.None),
        new(302, 0, "utp", MultiaddrValueKind.None),
        new(400, VariableSize, "unix", MultiaddrValueKind.PercentEncoded),
        new(421, VariableSize, "p2p", MultiaddrValueKind.PeerId),
        new(421, VariableSize, "ipfs", MultiaddrValueKind.PeerId),
        new(444, 96, "onion", MultiaddrValueKind.Onion),
        new(445, 296, "onion3", MultiaddrValueKind.Onion3),
        new(446, VariableSize, "garlic64", MultiaddrValueKind.Garlic64),
        new(447, VariableSize, "garlic32", MultiaddrValueKind.Garlic32),
        new(448, 0, "tls", MultiaddrValueKind.None),
        new(449, VariableSize, "sni", MultiaddrValueKind.Text),
        new(454, 0, "noise", MultiaddrValueKind.None),
        new(460, 0, "quic", MultiaddrValueKind.None),
        new(461, 0, "quic-v1", MultiaddrValueKind.None),
        new(465, 0, "webtransport", MultiaddrValueKind.None),
        new(466, VariableSize, "certhash", MultiaddrValueKind.Certhash),
        new(480, 0, "http", MultiaddrValueKind.None),
        new(481, VariableSize, "http-path", MultiaddrValueKind.PercentEncoded),
        new(443, 0, "https", MultiaddrValueKind.None),
        new(477, 0, "ws", MultiaddrValueKind.None),
        new(478, 0, "wss", MultiaddrValueKind.None),
        new(479, 0, "p2p-websocket-star", MultiaddrValueKind.None),
        new(277, 0, "p2p-stardust", MultiaddrValueKind.None),
        new(275, 0, "p2p-webrtc-star", MultiaddrValueKind.None),
        new(276, 0, "p2p-webrtc-direct", MultiaddrValueKind.None),
        new(280, 0, "webrtc-direct", MultiaddrValueKind.None),
        new(281, 0, "webrtc", MultiaddrValueKind.None),
        new(290, 0, "p2p-circuit", MultiaddrValueKind.None),
        new(777, VariableSize, "memory", MultiaddrValueKind.Text),
    ];

    // By code, the first row wins, so 421 prints as "p2p" (protocols.csv: "/ipfs ... backwards compatibility").
    private static readonly FrozenDictionary<ulong, MultiaddrProtocol> ByCode =
        Table.GroupBy(p => p.Code).ToFrozenDictionary(g => g.Key, g => g.First());

    private static readonly FrozenDictionary<string, MultiaddrProtocol> ByName =
        Table.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);

    static MultiaddrProtocol()
    {
        for (int i = 0; i < Table.Length; i++)
        {
            Table[i].Index = i;
        }
    }

    private MultiaddrProtocol(ulong code, int size, string name, MultiaddrValueKind kind)
    {
        Code = code;
        Size = size;
        Name = name;
        Kind = kind;
        byte[] encodedCode = new byte[Varint.GetLength(code)];
        Varint.Write(encodedCode, code);
        EncodedCode = encodedCode;
    }

    /// <summary>The protocol code (a multicodec with tag "multiaddr").</summary>
    public ulong Code { get; }

    /// <summary>The value size in bits: 0 for no value, <see cref="VariableSize"/> for a length-prefixed value.</summary>
    public int Size { get; }

    /// <summary>The protocol name used in the string form.</summary>
    public string Name { get; }

    /// <summary>True when the protocol carries a value.</summary>
    public bool HasValue => Size != 0;

    /// <summary>True when the value is varint-length-prefixed in the binary form.</summary>
    public bool IsVariableSize => Size == VariableSize;

    /// <summary>Every row of the table in protocols.csv order, including the "ipfs" alias of p2p.</summary>
    public static IReadOnlyList<MultiaddrProtocol> All => Table;

    internal MultiaddrValueKind Kind { get; }

    internal byte[] EncodedCode { get; }

    internal int Index { get; private set; }

    internal static MultiaddrProtocol FromIndex(int index) => Table[index];

    /// <summary>Looks up a protocol by its string-form name (an alias such as "ipfs" returns its own row).</summary>
    public static bool TryGetByName(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MultiaddrProtocol? protocol)
        => ByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out protocol);

    /// <summary>Looks up a protocol by code; 421 yields "p2p".</summary>
    public static bool TryGetByCode(ulong code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MultiaddrProtocol? protocol)
        => ByCode.TryGetValue(code, out protocol);

    /// <summary>The canonical protocol for this row's code (p2p for ipfs).</summary>
    public MultiaddrProtocol Canonical => ByCode[Code];

    /// <inheritdoc />
    public override string ToString() => Name;
}
