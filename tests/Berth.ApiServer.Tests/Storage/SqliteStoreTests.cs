// What only the embedded SQLite backend promises: group commit, a bounded file under churn, history behind the
// in-memory watch window, state across reopening, one owner per database, and never "database is locked".
using System.Diagnostics;
using System.Text;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Sqlite;
using Berth.ApiServer.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Berth.ApiServer.Tests.Storage;

public sealed class SqliteStoreTests(ITestOutputHelper output) : IDisposable
{
    readonly TempDir _dir = new();
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    CancellationToken Ct => _timeout.Token;

    string Database => _dir["berth.db"];

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Concurrent_writes_are_committed_together_in_far_fewer_transactions()
    {
        await using var store = SqliteStore.Open(Database);
        await store.CreateAsync("/warm-up", [], Ct);
        var (transactions, revision) = (store.Transactions, await store.CurrentRevisionAsync(Ct));
        const int writes = 2000;

        var clock = Stopwatch.StartNew();
        var written = await Task.WhenAll(Enumerable.Range(0, writes).Select(i => store.CreateAsync($"/pods/{i}", V($"pod {i}"), Ct)));
        clock.Stop();

        transactions = store.Transactions - transactions;
        Assert.Equal(Enumerable.Range(1, writes).Select(i => revision + i), written.Select(kv => kv.ModRevision).Order());
        Assert.True(transactions < writes / 10, $"{writes} concurrent writes took {transactions} transactions");
        Assert.Equal(writes, (await store.ListAsync("/pods/", ListOptions.All, Ct)).Items.Count);
        output.WriteLine($"{writes} concurrent creates: {clock.ElapsedMilliseconds} ms, {writes / clock.Elapsed.TotalSeconds:F0} writes/s, {transactions} transactions");

        var before = store.Transactions;
        clock.Restart();
        for (var i = 0; i < 100; i++) await store.CreateAsync($"/one-by-one/{i}", V("x"), Ct);
        output.WriteLine($"100 sequential creates: {clock.ElapsedMilliseconds} ms, {100 / clock.Elapsed.TotalSeconds:F0} writes/s, {store.Transactions - before} transactions");
    }

    [Fact]
    public async Task Churn_of_updates_with_periodic_compaction_keeps_the_database_small()
    {
        const int keys = 100, updatesPerKey = 200;
        var value = new byte[1024];
        Random.Shared.NextBytes(value);
        await using var store = SqliteStore.Open(Database);
        var clock = Stopwatch.StartNew();
        await using (var compactor = new Compactor(store, new CompactorOptions { Interval = TimeSpan.FromMilliseconds(100), Retention = TimeSpan.Zero, MaxRetainedRevisions = 1000 }))
        {
            await Task.WhenAll(Enumerable.Range(0, keys).Select(k => Task.Run(async () =>
            {
                var kv = await store.CreateAsync($"/leases/{k}", value, Ct);
                for (var i = 0; i < updatesPerKey; i++) kv = await store.UpdateAsync(kv.Key, value, kv.ModRevision, Ct);
            })));
            Assert.True(compactor.CompactedRevision > 0, "the compactor never ran");
        }
        var elapsed = clock.Elapsed;
        await store.CompactAsync(await store.CurrentRevisionAsync(Ct), Ct);

        var (database, wal) = (FileSize(Database), FileSize(Database + "-wal"));
        var size = database + wal;
        output.WriteLine($"{keys * (updatesPerKey + 1)} writes of 1 KiB in {elapsed.TotalSeconds:F1} s ({keys * (updatesPerKey + 1) / elapsed.TotalSeconds:F0} writes/s, {store.Transactions} transactions); after compaction: database {database / 1024} KiB, WAL {wal / 1024} KiB");
        Assert.True(database < 1 << 20, $"the database is {database / 1024} KiB after compaction");
        Assert.True(size < 2 << 20, $"database + WAL is {size / 1024} KiB after compaction");
        Assert.Equal(keys, (await store.ListAsync("/leases/", ListOptions.All, Ct)).Items.Count);
        Assert.Equal(keys, CountRows(Database));
    }

    [Fact]
    public async Task Compaction_gives_the_space_of_discarded_history_back_to_the_file_system()
    {
        var value = new byte[4096];
        Random.Shared.NextBytes(value);
        await using var store = SqliteStore.Open(Database);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(k => Task.Run(async () =>
        {
            var kv = await store.CreateAsync($"/configmaps/{k}", value, Ct);
            for (var i = 0; i < 100; i++) kv = await store.UpdateAsync(kv.Key, value, kv.ModRevision, Ct);
        })));
        var grown = FileSize(Database) + FileSize(Database + "-wal");

        await store.CompactAsync(await store.CurrentRevisionAsync(Ct), Ct);

        var compacted = FileSize(Database);
        output.WriteLine($"2020 writes of 4 KiB: {grown / 1024} KiB before compaction, database {compacted / 1024} KiB after");
        Assert.True(grown > 8 << 20, $"only {grown / 1024} KiB written");
        Assert.True(compacted < 1 << 20, $"the database is still {compacted / 1024} KiB after compaction");
    }

    [Fact]
    public async Task A_watch_behind_the_memory_window_reads_the_missed_changes_from_the_table()
    {
        await using var store = SqliteStore.Open(Database, new SqliteStoreOptions { WatchWindow = 16 });
        var written = (await Task.WhenAll(Enumerable.Range(0, 600).Select(i => store.CreateAsync($"/pods/{i:D3}", V($"{i}"), Ct))))
            .Select(kv => kv.ModRevision).Order().ToList();

        await using var watch = new WatchRecorder(store, "/pods/", 0);
        await watch.WaitForAsync(600);
        for (var i = 600; i < 650; i++) written.Add((await store.CreateAsync($"/pods/{i:D3}", V($"{i}"), Ct)).ModRevision);

        await watch.WaitForAsync(650);
        Assert.Equal(written, (await watch.SettleAsync()).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_watch_whose_missed_history_is_compacted_meanwhile_ends_with_Compacted_instead_of_skipping_changes()
    {
        await using var store = SqliteStore.Open(Database, new SqliteStoreOptions { WatchWindow = 16 });
        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => store.CreateAsync($"/pods/{i:D3}", V($"{i}"), Ct)));
        await using var watch = store.WatchAsync("/pods/", 0, Ct).GetAsyncEnumerator(Ct);
        Assert.True(await watch.MoveNextAsync());
        var seen = new List<long> { watch.Current.Revision };

        await store.CompactAsync(500, Ct);

        var error = await Assert.ThrowsAsync<CompactedException>(async () =>
        {
            while (await watch.MoveNextAsync()) seen.Add(watch.Current.Revision);
        });
        Assert.Equal(500, error.CompactedRevision);
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen);
        Assert.True(seen.Count < 500);
    }

    [Fact]
    public async Task Reopening_keeps_values_history_and_the_revision_counter()
    {
        long old, last;
        await using (var store = SqliteStore.Open(Database))
        {
            var a = await store.CreateAsync("/a", V("a1"), Ct);
            old = a.ModRevision;
            await store.UpdateAsync("/a", V("a2"), a.ModRevision, Ct);
            last = (await store.CreateAsync("/b", V("b1"), Ct)).ModRevision;
        }

        await using var reopened = SqliteStore.Open(Database);

        Assert.Equal(last, await reopened.CurrentRevisionAsync(Ct));
        Assert.Equal(["a1"], (await reopened.ListAsync("/", new ListOptions(Revision: old), Ct)).Items.Select(kv => Encoding.UTF8.GetString(kv.Value)));
        await using var watch = new WatchRecorder(reopened, "/", old);
        var next = await reopened.CreateAsync("/c", V("c1"), Ct);
        Assert.Equal(last + 1, next.ModRevision);
        Assert.Equal([old + 1, last, next.ModRevision], (await watch.WaitForAsync(3)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_second_open_of_a_database_in_use_fails_and_names_the_lock()
    {
        await using var store = SqliteStore.Open(Database);

        var error = Assert.Throws<IOException>(() => SqliteStore.Open(Database));

        Assert.Contains("in use", error.Message);
        Assert.Contains(Database + ".lock", error.Message);
    }

    [Fact]
    public async Task Readers_writers_watchers_and_compaction_together_never_hit_database_is_locked()
    {
        await using var store = SqliteStore.Open(Database, new SqliteStoreOptions { WatchWindow = 64 });
        for (var k = 0; k < 50; k++) await store.CreateAsync($"/cm/{k}", V("0"), Ct);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        long writes = 0, reads = 0, watched = 0;

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var key = $"/cm/{Random.Shared.Next(50)}";
                var current = await store.GetAsync(key, Ct);
                try { await store.UpdateAsync(key, V($"{w}"), current!.ModRevision, Ct); Interlocked.Increment(ref writes); }
                catch (RevisionConflictException) { }
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Reads complete synchronously (SQLite has no async I/O); yield as a request handler would.
                await Task.Yield();
                var page = await store.ListAsync("/cm/", new ListOptions(Limit: 10), Ct);
                while (page.More) page = await store.ListAsync("/cm/", new ListOptions(10, page.Continue, page.Revision), Ct);
                Interlocked.Increment(ref reads);
            }
        }));
        // A slow watcher keeps falling out of the window and reading history while compaction deletes rows.
        var watcher = Task.Run(async () =>
        {
            var from = await store.CurrentRevisionAsync(Ct);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in store.WatchAsync("/cm/", from, stop.Token))
                    {
                        from = e.Revision;
                        Interlocked.Increment(ref watched);
                        if (e.Revision % 50 == 0) await Task.Delay(20, stop.Token);
                    }
                }
                catch (CompactedException e) { from = e.CompactedRevision; }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            }
        });
        var compactor = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(100);
                await store.CompactAsync(await store.CurrentRevisionAsync(Ct) - 100, Ct);
            }
        });

        await Task.WhenAll([.. writers, .. readers, watcher, compactor]);

        output.WriteLine($"3 s: {writes} updates, {reads} paged lists, {watched} watch events, {store.Transactions} transactions");
        Assert.True(writes > 100 && reads > 10 && watched > 100, $"{writes} writes, {reads} reads, {watched} watch events");
    }

    static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    static long CountRows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM kv";
        return (long)command.ExecuteScalar()!;
    }
}
