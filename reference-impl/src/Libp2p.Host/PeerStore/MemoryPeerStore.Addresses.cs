using Libp2p.Core.Identity;
using Libp2p.Core.Multiformats;
using Libp2p.Core.Records;

namespace Libp2p.Host.PeerStore;

/// <summary>The address book (HOST-PSTORE-001, HOST-PSTORE-004; RFC 0003 "certified addresses").</summary>
public sealed partial class MemoryPeerStore
{
    // Multiaddr code of /p2p (multiformats/multiaddr protocols.csv).
    private const ulong P2pCode = 421;

    /// <summary>
    /// Adds unsigned addresses with <paramref name="ttl"/>, extending the expiry of known ones. Ignored while the
    /// peer has a verified signed peer record: certified addresses win over hearsay (go-libp2p pstoremem).
    /// </summary>
    /// <returns>How many addresses were added or extended.</returns>
    public int AddAddresses(PeerId peer, IEnumerable<Multiaddr> addresses, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        lock (_gate)
        {
            if (GetOrCreate(peer) is not { } entry || entry.RecordEnvelope is not null)
            {
                return 0;
            }
            return AddLocked(entry, addresses, ExpiryOf(ttl), certified: false);
        }
    }

    /// <summary>
    /// Stores a verified signed peer record and makes its addresses the peer's certified addresses, replacing the
    /// unsigned ones. A record whose sequence number is not higher than the stored one is refused (RFC 0003).
    /// </summary>
    /// <exception cref="RecordException">The envelope does not hold a valid peer record of its signer.</exception>
    /// <returns>Whether the record was stored.</returns>
    public bool ConsumePeerRecord(SignedEnvelope envelope, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        PeerRecord record = PeerRecord.FromEnvelope(envelope);
        lock (_gate)
        {
            if (GetOrCreate(record.PeerId) is not { } entry)
            {
                return false;
            }
            if (entry.RecordEnvelope is not null && record.Seq <= entry.RecordSeq)
            {
                return false;
            }
            entry.RecordEnvelope = envelope;
            entry.RecordSeq = record.Seq;
            entry.Addresses.Clear();
            AddLocked(entry, record.Addresses, ExpiryOf(ttl), certified: true);
            return true;
        }
    }

    /// <summary>The stored signed peer record envelope of <paramref name="peer"/>, if any.</summary>
    public SignedEnvelope? GetPeerRecord(PeerId peer)
    {
        lock (_gate)
        {
            return _peers.TryGetValue(peer, out PeerEntry? entry) ? entry.RecordEnvelope : null;
        }
    }

    /// <summary>Unexpired addresses of <paramref name="peer"/>, certified ones first; expired ones are purged.</summary>
    public IReadOnlyList<PeerAddress> GetAddresses(PeerId peer)
    {
        lock (_gate)
        {
            if (!_peers.TryGetValue(peer, out PeerEntry? entry))
            {
                return [];
            }
            DateTimeOffset now = Now;
            foreach (PeerAddress expired in entry.Addresses.Values.Where(a => a.Expires <= now).ToArray())
            {
                entry.Addresses.Remove(expired.Address);
            }
            return entry.Addresses.Values.OrderByDescending(a => a.Certified).ThenByDescending(a => a.Expires).ToArray();
        }
    }

    /// <summary>Drops every address of <paramref name="peer"/> (the signed record stays, so a newer one is still required).</summary>
    public void ClearAddresses(PeerId peer)
    {
        lock (_gate)
        {
            if (_peers.TryGetValue(peer, out PeerEntry? entry))
            {
                entry.Addresses.Clear();
            }
        }
    }

    private int AddLocked(PeerEntry entry, IEnumerable<Multiaddr> addresses, DateTimeOffset expires, bool certified)
    {
        int changed = 0;
        foreach (Multiaddr raw in addresses)
        {
            Multiaddr address = raw.Components.Any(c => c.Code == P2pCode) ? raw.DecapsulateCode(P2pCode) : raw;
            if (address.IsEmpty)
            {
                continue;
            }
            if (entry.Addresses.TryGetValue(address, out PeerAddress? known))
            {
                if (known.Expires < expires || (certified && !known.Certified))
                {
                    entry.Addresses[address] = new PeerAddress(address, expires > known.Expires ? expires : known.Expires, certified || known.Certified);
                    changed++;
                }
                continue;
            }
            if (entry.Addresses.Count >= _options.MaxAddressesPerPeer)
            {
                PeerAddress soonest = entry.Addresses.Values.OrderBy(a => a.Certified).ThenBy(a => a.Expires).First();
                if (soonest.Certified && !certified || soonest.Expires >= expires)
                {
                    continue;
                }
                entry.Addresses.Remove(soonest.Address);
            }
            entry.Addresses[address] = new PeerAddress(address, expires, certified);
            changed++;
        }
        return changed;
    }
}
