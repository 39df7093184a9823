// Keeps either backend from growing without bound: every interval it notes the current revision, and compacts
// to the newest revision noted at least Retention ago (or to MaxRetainedRevisions behind the current one).
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Storage;

public sealed class Compactor : IAsyncDisposable
{
    readonly IKeyValueStore _store;
    readonly CompactorOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly Queue<(DateTimeOffset At, long Revision)> _seen = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    long _compacted;

    public Compactor(IKeyValueStore store, CompactorOptions? options = null, TimeProvider? time = null, ILogger<Compactor>? logger = null)
    {
        _store = store;
        _options = options ?? new CompactorOptions();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The revision of the last compaction this compactor made.</summary>
    public long CompactedRevision => Interlocked.Read(ref _compacted);

    async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await CompactOnceAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Compaction failed; retrying in {Interval}", _options.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task CompactOnceAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var current = await _store.CurrentRevisionAsync(ct);
        _seen.Enqueue((now, current));
        var target = current - _options.MaxRetainedRevisions;
        while (_seen.TryPeek(out var seen) && seen.At <= now - _options.Retention)
        {
            target = Math.Max(target, seen.Revision);
            _seen.Dequeue();
        }
        if (target <= _compacted) return;
        await _store.CompactAsync(target, ct);
        Interlocked.Exchange(ref _compacted, target);
        _logger.LogInformation("Compacted storage to revision {Revision} (current {Current})", target, current);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
