using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Libp2p.Host.PeerStore;

/// <summary>Everything stored about one peer; guarded by the store's lock.</summary>
internal sealed class PeerEntry
{
    public Dictionary<Multiaddr, PeerAddress> Addresses { get; } = [];

    public List<string> Protocols { get; } = [];

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public PublicKey? PublicKey { get; set; }

    public SignedEnvelope? RecordEnvelope { get; set; }

    public ulong RecordSeq { get; set; }

    public int Connections { get; set; }

    public DateTimeOffset LastSeen { get; set; }
}
