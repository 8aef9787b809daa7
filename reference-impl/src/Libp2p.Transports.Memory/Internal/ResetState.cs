namespace Libp2p.Transports.Memory.Internal;

/// <summary>
/// The abort state of one connection end: once set, every pipe operation of that end fails with the stored
/// exception. Shared by the end's reader and writer wrappers.
/// </summary>
internal sealed class ResetState
{
    private Exception? _error;

    /// <summary>The stored error, or null while the end is healthy.</summary>
    public Exception? Error => Volatile.Read(ref _error);

    /// <summary>Stores <paramref name="error"/> if no error was stored yet; returns whether it was stored.</summary>
    public bool TrySet(Exception error) => Interlocked.CompareExchange(ref _error, error, null) is null;

    /// <summary>Throws the stored error if there is one.</summary>
    public void ThrowIfReset()
    {
        if (Error is { } error)
        {
            throw new IOException(error.Message, error);
        }
    }
}
