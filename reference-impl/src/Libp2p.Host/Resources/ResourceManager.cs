using System.Collections.Concurrent;
using Libp2p.Core.Identity;

namespace Libp2p.Host.Resources;

/// <summary>
/// Accounts connections, streams and memory in a hierarchy of scopes — system, transient, peer, protocol and
/// service — and refuses a reservation that would exceed any scope's limit with a
/// <see cref="ResourceLimitExceededException"/> (HOST-RCMGR-001..004; go-libp2p's and rust-libp2p's resource
/// managers are the deployed model). Peer, protocol and service scopes exist only while something holds them.
/// </summary>
public sealed class ResourceManager
{
    private readonly ResourceLimits _limits;
    private readonly ConcurrentDictionary<PeerId, ResourceScope> _peers = new();
    private readonly ConcurrentDictionary<string, ResourceScope> _protocols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ResourceScope> _services = new(StringComparer.Ordinal);

    /// <summary>Creates a manager with <paramref name="limits"/> (<see cref="ResourceLimits.Default"/> when null).</summary>
    public ResourceManager(ResourceLimits? limits = null)
    {
        _limits = limits ?? ResourceLimits.Default;
        System = new ResourceScope("system", ResourceScopeKind.System, _limits.System);
        Transient = new ResourceScope("transient", ResourceScopeKind.Transient, _limits.Transient);
    }

    /// <summary>The whole host.</summary>
    public ResourceScope System { get; }

    /// <summary>Connections and streams not yet attributed to a peer or protocol.</summary>
    public ResourceScope Transient { get; }

    /// <summary>Peers that currently hold a scope.</summary>
    public int PeerScopeCount => _peers.Count;

    /// <summary>The live scope of <paramref name="peer"/>, or null when nothing of it is open.</summary>
    public ResourceScope? FindPeerScope(PeerId peer) => _peers.TryGetValue(peer, out ResourceScope? scope) ? scope : null;

    /// <summary>The live scope of <paramref name="protocol"/>, or null.</summary>
    public ResourceScope? FindProtocolScope(string protocol) => _protocols.TryGetValue(protocol, out ResourceScope? scope) ? scope : null;

    /// <summary>The live scope of <paramref name="service"/>, or null.</summary>
    public ResourceScope? FindServiceScope(string service) => _services.TryGetValue(service, out ResourceScope? scope) ? scope : null;

    /// <summary>
    /// Reserves a new connection in the system and transient scopes, before any handshake (HOST-CONNMGR-003).
    /// Attribute it with <see cref="ConnectionReservation.SetPeer"/> once the remote is authenticated.
    /// </summary>
    /// <exception cref="ResourceLimitExceededException">A scope is full.</exception>
    public ConnectionReservation ReserveConnection(bool inbound)
    {
        var set = new ReservationSet(this);
        set.Reserve(inbound ? ResourceKind.InboundConnection : ResourceKind.OutboundConnection, 1, System, Transient);
        return new ConnectionReservation(set, inbound);
    }

    /// <summary>
    /// Reserves a new stream with <paramref name="peer"/> in the system, transient and peer scopes. Move it to its
    /// protocol with <see cref="StreamReservation.SetProtocol"/> once negotiated.
    /// </summary>
    /// <exception cref="ResourceLimitExceededException">A scope is full.</exception>
    public StreamReservation ReserveStream(PeerId peer, bool inbound)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var set = new ReservationSet(this);
        try
        {
            ResourceScope peerScope = AcquirePeer(peer, set);
            set.Reserve(inbound ? ResourceKind.InboundStream : ResourceKind.OutboundStream, 1, System, Transient, peerScope);
            return new StreamReservation(set, peerScope, inbound);
        }
        catch
        {
            set.ReleaseAll();
            throw;
        }
    }

    internal ResourceScope AcquirePeer(PeerId peer, ReservationSet set) =>
        Acquire(_peers, peer, p => new ResourceScope("peer:" + p, ResourceScopeKind.Peer, _limits.PeerOverrides.GetValueOrDefault(p.ToString(), _limits.Peer)) { TableKey = p }, set);

    internal ResourceScope AcquireProtocol(string protocol, ReservationSet set) =>
        Acquire(_protocols, protocol, p => new ResourceScope("protocol:" + p, ResourceScopeKind.Protocol, _limits.ProtocolOverrides.GetValueOrDefault(p, _limits.Protocol)) { TableKey = p }, set);

    internal ResourceScope AcquireService(string service, ReservationSet set) =>
        Acquire(_services, service, s => new ResourceScope("service:" + s, ResourceScopeKind.Service, _limits.ServiceOverrides.GetValueOrDefault(s, _limits.Service)) { TableKey = s }, set);

    internal void ReleaseHolder(ResourceScope scope)
    {
        if (!scope.RemoveHolderAndTryRetire())
        {
            return;
        }
        switch (scope.Kind)
        {
            case ResourceScopeKind.Peer:
                RemoveScope(_peers, scope);
                break;
            case ResourceScopeKind.Protocol:
                RemoveScope(_protocols, scope);
                break;
            case ResourceScopeKind.Service:
                RemoveScope(_services, scope);
                break;
        }
    }

    private static void RemoveScope<TKey>(ConcurrentDictionary<TKey, ResourceScope> table, ResourceScope scope)
        where TKey : notnull
    {
        if (scope.TableKey is TKey key)
        {
            table.TryRemove(new KeyValuePair<TKey, ResourceScope>(key, scope));
        }
    }

    private static ResourceScope Acquire<TKey>(ConcurrentDictionary<TKey, ResourceScope> table, TKey key, Func<TKey, ResourceScope> create, ReservationSet set)
        where TKey : notnull
    {
        while (true)
        {
            ResourceScope scope = table.GetOrAdd(key, create);
            if (scope.TryAddHolder())
            {
                set.Hold(scope);
                return scope;
            }
            // Retired between lookup and use: drop the stale entry and make a fresh scope.
            table.TryRemove(new KeyValuePair<TKey, ResourceScope>(key, scope));
        }
    }
}
