namespace Libp2p.Host.Resources;

/// <summary>
/// The resources one stream holds: reserved in the system, transient and peer scopes when it opens, moved from
/// the transient scope to its protocol's once negotiated, optionally charged to a service, plus the buffer
/// memory its handler reserves. Disposing releases everything, once.
/// </summary>
public sealed class StreamReservation : IDisposable
{
    private readonly ReservationSet _set;
    private readonly ResourceScope _peer;
    private ResourceScope? _protocol;
    private ResourceScope? _service;

    internal StreamReservation(ReservationSet set, ResourceScope peer, bool inbound)
    {
        _set = set;
        _peer = peer;
        Inbound = inbound;
    }

    /// <summary>Whether the remote opened the stream.</summary>
    public bool Inbound { get; }

    /// <summary>The negotiated protocol, once set.</summary>
    public string? Protocol => _protocol?.Name["protocol:".Length..];

    /// <summary>Memory this stream holds, in bytes.</summary>
    public long Memory { get; private set; }

    private ResourceKind Kind => Inbound ? ResourceKind.InboundStream : ResourceKind.OutboundStream;

    /// <summary>Charges the stream to <paramref name="protocol"/> and takes it out of the transient scope.</summary>
    /// <exception cref="ResourceLimitExceededException">The protocol has as many streams as it may.</exception>
    public void SetProtocol(string protocol)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        if (_protocol is not null)
        {
            throw new InvalidOperationException("the stream already has a protocol");
        }
        ResourceScope scope = _set.Manager.AcquireProtocol(protocol, _set);
        _set.Reserve(Kind, 1, scope);
        _set.Release(_set.Manager.Transient, Kind, 1);
        _protocol = scope;
    }

    /// <summary>Charges the stream to the service <paramref name="service"/> as well.</summary>
    /// <exception cref="ResourceLimitExceededException">The service has as many streams as it may.</exception>
    public void SetService(string service)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        if (_service is not null)
        {
            throw new InvalidOperationException("the stream already has a service");
        }
        ResourceScope scope = _set.Manager.AcquireService(service, _set);
        _set.Reserve(Kind, 1, scope);
        _service = scope;
    }

    /// <summary>Reserves <paramref name="bytes"/> of buffer memory in every scope the stream belongs to.</summary>
    /// <exception cref="ResourceLimitExceededException">A scope has no memory left; nothing was reserved.</exception>
    public void ReserveMemory(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ResourceManager manager = _set.Manager;
        ResourceScope[] scopes = (_protocol, _service) switch
        {
            (null, null) => [manager.System, manager.Transient, _peer],
            ({ } p, null) => [manager.System, _peer, p],
            (null, { } s) => [manager.System, manager.Transient, _peer, s],
            ({ } p, { } s) => [manager.System, _peer, p, s],
        };
        _set.Reserve(ResourceKind.Memory, bytes, scopes);
        Memory += bytes;
    }

    /// <summary>Returns <paramref name="bytes"/> of memory reserved earlier.</summary>
    public void ReleaseMemory(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Memory);
        ResourceManager manager = _set.Manager;
        foreach (ResourceScope? scope in new[] { manager.System, manager.Transient, _peer, _protocol, _service })
        {
            if (scope is not null)
            {
                _set.Release(scope, ResourceKind.Memory, bytes);
            }
        }
        Memory -= bytes;
    }

    /// <summary>Releases the stream's reservations.</summary>
    public void Dispose() => _set.ReleaseAll();
}
