namespace Libp2p.Host.Resources;

/// <summary>What one connection or stream holds across scopes; released all at once, exactly once.</summary>
internal sealed class ReservationSet(ResourceManager manager)
{
    private readonly List<(ResourceScope Scope, ResourceKind Kind, long Amount)> _held = new(4);
    private readonly List<ResourceScope> _dynamic = new(3);
    private bool _released;

    public ResourceManager Manager => manager;

    /// <summary>Reserves in every scope of <paramref name="scopes"/>, or in none of them.</summary>
    public void Reserve(ResourceKind kind, long amount, params ReadOnlySpan<ResourceScope> scopes)
    {
        lock (_held)
        {
            ObjectDisposedException.ThrowIf(_released, this);
            int done = 0;
            try
            {
                for (; done < scopes.Length; done++)
                {
                    scopes[done].Reserve(kind, amount);
                }
            }
            catch
            {
                for (int i = done - 1; i >= 0; i--)
                {
                    scopes[i].Release(kind, amount);
                }
                throw;
            }
            foreach (ResourceScope scope in scopes)
            {
                _held.Add((scope, kind, amount));
            }
        }
    }

    /// <summary>Releases what was reserved of <paramref name="kind"/> in <paramref name="scope"/>, up to <paramref name="amount"/>.</summary>
    public void Release(ResourceScope scope, ResourceKind kind, long amount)
    {
        lock (_held)
        {
            if (_released)
            {
                return;
            }
            for (int i = 0; i < _held.Count && amount > 0; i++)
            {
                (ResourceScope s, ResourceKind k, long a) = _held[i];
                if (!ReferenceEquals(s, scope) || k != kind)
                {
                    continue;
                }
                long take = Math.Min(a, amount);
                s.Release(k, take);
                amount -= take;
                if (take == a)
                {
                    _held.RemoveAt(i--);
                }
                else
                {
                    _held[i] = (s, k, a - take);
                }
            }
        }
    }

    /// <summary>Keeps a dynamic scope (peer, protocol, service) alive until this set is released.</summary>
    public void Hold(ResourceScope scope)
    {
        lock (_held)
        {
            _dynamic.Add(scope);
        }
    }

    public bool IsHeld(ResourceScope scope)
    {
        lock (_held)
        {
            return _dynamic.Contains(scope);
        }
    }

    public void ReleaseAll()
    {
        ResourceScope[] dynamic;
        lock (_held)
        {
            if (_released)
            {
                return;
            }
            _released = true;
            foreach ((ResourceScope scope, ResourceKind kind, long amount) in _held)
            {
                scope.Release(kind, amount);
            }
            _held.Clear();
            dynamic = [.. _dynamic];
            _dynamic.Clear();
        }
        foreach (ResourceScope scope in dynamic)
        {
            manager.ReleaseHolder(scope);
        }
    }
}
