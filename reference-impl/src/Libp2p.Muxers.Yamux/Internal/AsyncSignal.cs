namespace Libp2p.Muxers.Internal;

/// <summary>
/// A wake-up signal for one async waiter: read <see cref="Task"/> under the caller's state lock after checking
/// the condition, and call <see cref="Set"/> after changing the state.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task
    {
        get
        {
            lock (_lock)
            {
                return _tcs.Task;
            }
        }
    }

    public void Set()
    {
        TaskCompletionSource old;
        lock (_lock)
        {
            old = _tcs;
            _tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        old.TrySetResult();
    }
}
