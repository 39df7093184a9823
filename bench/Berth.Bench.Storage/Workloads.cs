// The measured workloads, the same for every IKeyValueStore backend: write throughput at 1, 16 and 256
// concurrent clients, a full list of 1000 keys, and the space left on disk after a churn of updates and a compaction.
using System.Diagnostics;
using Berth.ApiServer.Storage;

namespace Berth.Bench.Storage;

static class Workloads
{
    /// <summary>Writes per second with <paramref name="clients"/> clients, each updating its own key in a loop (as controllers and kubelets do).</summary>
    public static async Task<double> WritesPerSecondAsync(IKeyValueStore store, string prefix, int clients, int writesPerClient)
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, clients).Select(c => store.CreateAsync($"{prefix}{c}", new byte[512], CancellationToken.None)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(keys.Select(first => Task.Run(async () =>
        {
            var kv = first;
            for (var i = 0; i < writesPerClient; i++) kv = await store.UpdateAsync(kv.Key, new byte[512], kv.ModRevision, CancellationToken.None);
        })));
        return clients * writesPerClient / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Median milliseconds to list <paramref name="count"/> keys of 1 KiB in one page.</summary>
    public static async Task<double> ListMillisecondsAsync(IKeyValueStore store, string prefix, int count, int rounds)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.CreateAsync($"{prefix}{i:D5}", new byte[1024], CancellationToken.None)));
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var list = await store.ListAsync(prefix, ListOptions.All, CancellationToken.None);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (list.Items.Count != count) throw new InvalidOperationException($"listed {list.Items.Count} of {count} keys");
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>100 keys of 1 KiB updated 200 times each by 100 clients, then compacted to the current revision.</summary>
    public static async Task ChurnAsync(IKeyValueStore store, string prefix)
    {
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        await Task.WhenAll(Enumerable.Range(0, 100).Select(k => Task.Run(async () =>
        {
            var kv = await store.CreateAsync($"{prefix}{k}", value, CancellationToken.None);
            for (var i = 0; i < 200; i++) kv = await store.UpdateAsync(kv.Key, value, kv.ModRevision, CancellationToken.None);
        })));
        await store.CompactAsync(await store.CurrentRevisionAsync(CancellationToken.None), CancellationToken.None);
    }
}
