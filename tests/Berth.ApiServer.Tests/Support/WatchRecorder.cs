// Runs a watch in the background and records what it delivers, so a test can wait for N events and then check
// that nothing more (no duplicate, no replay) arrives.
using Berth.ApiServer.Storage;

namespace Berth.ApiServer.Tests.Support;

sealed class WatchRecorder : IAsyncDisposable
{
    readonly List<WatchEvent> _events = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _pump;
    TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchRecorder(IKeyValueStore store, string prefix, long fromRevision)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in store.WatchAsync(prefix, fromRevision, _stop.Token)) Record(e);
            }
            finally
            {
                lock (_events) _changed.TrySetResult();
            }
        });
    }

    public IReadOnlyList<WatchEvent> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    void Record(WatchEvent e)
    {
        TaskCompletionSource changed;
        lock (_events)
        {
            _events.Add(e);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.SetResult();
    }

    /// <summary>The events once there are at least <paramref name="count"/>; fails on timeout or when the watch failed.</summary>
    public async Task<IReadOnlyList<WatchEvent>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_events)
            {
                if (_events.Count >= count) return [.. _events];
                changed = _changed.Task;
            }
            if (_pump.IsCompleted)
            {
                await _pump;
                throw new InvalidOperationException($"the watch ended after {Events.Count} events, expected {count}");
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"the watch delivered {Events.Count} events, expected {count}");
            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    /// <summary>Waits a little and returns whatever arrived meanwhile: for asserting that nothing more comes.</summary>
    public async Task<IReadOnlyList<WatchEvent>> SettleAsync()
    {
        await Task.Delay(300);
        return Events;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _pump; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
