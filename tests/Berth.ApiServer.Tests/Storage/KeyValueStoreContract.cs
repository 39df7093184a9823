// The behaviour every IKeyValueStore backend must have, run against each (SQLite and a real etcd) by a
// subclass that opens the store. Each test works under its own key prefix, so tests can share an etcd.
using System.Text;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Storage;

public abstract class KeyValueStoreContract : IAsyncLifetime
{
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    /// <summary>This test's own part of the key space.</summary>
    protected readonly string P = $"/test/{Guid.NewGuid():N}/";

    protected IKeyValueStore Store { get; private set; } = null!;

    protected CancellationToken Ct => _timeout.Token;

    protected abstract Task<IKeyValueStore> OpenStoreAsync();

    public async Task InitializeAsync() => Store = await OpenStoreAsync();

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _timeout.Dispose();
    }

    protected static byte[] V(string text) => Encoding.UTF8.GetBytes(text);

    protected static string S(byte[] value) => Encoding.UTF8.GetString(value);

    [Fact]
    public async Task Create_writes_the_value_at_a_new_revision_and_get_reads_it_back()
    {
        var before = await Store.CurrentRevisionAsync(Ct);

        var created = await Store.CreateAsync(P + "a", V("one"), Ct);

        Assert.True(created.ModRevision > before);
        Assert.Equal(created.ModRevision, created.CreateRevision);
        Assert.Equal(1, created.Version);
        Assert.Equal(created.ModRevision, await Store.CurrentRevisionAsync(Ct));
        var read = await Store.GetAsync(P + "a", Ct);
        Assert.NotNull(read);
        Assert.Equal("one", S(read.Value));
        Assert.Equal((created.Key, created.CreateRevision, created.ModRevision, created.Version), (read.Key, read.CreateRevision, read.ModRevision, read.Version));
    }

    [Fact]
    public async Task Get_of_a_key_that_was_never_written_returns_null()
    {
        Assert.Null(await Store.GetAsync(P + "nothing", Ct));
    }

    [Fact]
    public async Task Empty_values_and_non_ascii_keys_round_trip()
    {
        var created = await Store.CreateAsync(P + "ключ/ü", [], Ct);

        var read = await Store.GetAsync(P + "ключ/ü", Ct);

        Assert.NotNull(read);
        Assert.Empty(read.Value);
        Assert.Equal(created.ModRevision, read.ModRevision);
        Assert.Equal([P + "ключ/ü"], (await Store.ListAsync(P, ListOptions.All, Ct)).Items.Select(kv => kv.Key));
    }

    [Fact]
    public async Task Create_of_an_existing_key_throws_KeyExists_and_keeps_the_value()
    {
        var first = await Store.CreateAsync(P + "a", V("one"), Ct);

        var error = await Assert.ThrowsAsync<KeyExistsException>(() => Store.CreateAsync(P + "a", V("two"), Ct));

        Assert.Equal(first.ModRevision, error.Existing.ModRevision);
        Assert.Equal("one", S((await Store.GetAsync(P + "a", Ct))!.Value));
        Assert.Equal(first.ModRevision, await Store.CurrentRevisionAsync(Ct));
    }

    [Fact]
    public async Task Update_at_the_current_modRevision_replaces_the_value_and_keeps_createRevision()
    {
        var created = await Store.CreateAsync(P + "a", V("one"), Ct);

        var updated = await Store.UpdateAsync(P + "a", V("two"), created.ModRevision, Ct);

        Assert.True(updated.ModRevision > created.ModRevision);
        Assert.Equal(created.CreateRevision, updated.CreateRevision);
        Assert.Equal(2, updated.Version);
        var read = await Store.GetAsync(P + "a", Ct);
        Assert.Equal(("two", updated.ModRevision, 2L), (S(read!.Value), read.ModRevision, read.Version));
    }

    [Fact]
    public async Task Update_at_a_stale_modRevision_throws_RevisionConflict_carrying_the_current_value()
    {
        var created = await Store.CreateAsync(P + "a", V("one"), Ct);
        var updated = await Store.UpdateAsync(P + "a", V("two"), created.ModRevision, Ct);

        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.UpdateAsync(P + "a", V("three"), created.ModRevision, Ct));

        Assert.Equal(updated.ModRevision, error.Current.ModRevision);
        Assert.Equal("two", S(error.Current.Value));
        Assert.Equal(created.ModRevision, error.ExpectedModRevision);
        Assert.Equal("two", S((await Store.GetAsync(P + "a", Ct))!.Value));
    }

    [Fact]
    public async Task Update_and_delete_of_a_missing_key_throw_KeyMissing_whatever_the_revision()
    {
        var created = await Store.CreateAsync(P + "gone", V("x"), Ct);
        await Store.DeleteAsync(P + "gone", created.ModRevision, Ct);

        foreach (var key in new[] { P + "never", P + "gone" })
        {
            foreach (var revision in new[] { 0L, created.ModRevision })
            {
                Assert.Equal(key, (await Assert.ThrowsAsync<KeyMissingException>(() => Store.UpdateAsync(key, V("y"), revision, Ct))).Key);
                await Assert.ThrowsAsync<KeyMissingException>(() => Store.DeleteAsync(key, revision, Ct));
            }
        }
        Assert.Null(await Store.GetAsync(P + "never", Ct));
    }

    [Fact]
    public async Task Delete_at_the_current_modRevision_removes_the_key_and_returns_the_deleted_value()
    {
        var created = await Store.CreateAsync(P + "a", V("one"), Ct);

        var deleted = await Store.DeleteAsync(P + "a", created.ModRevision, Ct);

        Assert.True(deleted.Revision > created.ModRevision);
        Assert.Equal(("one", created.ModRevision), (S(deleted.PrevKv.Value), deleted.PrevKv.ModRevision));
        Assert.Null(await Store.GetAsync(P + "a", Ct));
        Assert.Equal(deleted.Revision, await Store.CurrentRevisionAsync(Ct));
    }

    [Fact]
    public async Task Delete_at_a_stale_modRevision_throws_RevisionConflict_and_keeps_the_key()
    {
        var created = await Store.CreateAsync(P + "a", V("one"), Ct);
        var updated = await Store.UpdateAsync(P + "a", V("two"), created.ModRevision, Ct);

        var error = await Assert.ThrowsAsync<RevisionConflictException>(() => Store.DeleteAsync(P + "a", created.ModRevision, Ct));

        Assert.Equal(updated.ModRevision, error.Current.ModRevision);
        Assert.NotNull(await Store.GetAsync(P + "a", Ct));
    }

    [Fact]
    public async Task A_deleted_key_can_be_created_again_with_a_new_createRevision_and_version_1()
    {
        var first = await Store.CreateAsync(P + "a", V("one"), Ct);
        var updated = await Store.UpdateAsync(P + "a", V("two"), first.ModRevision, Ct);
        await Store.DeleteAsync(P + "a", updated.ModRevision, Ct);

        var again = await Store.CreateAsync(P + "a", V("three"), Ct);

        Assert.True(again.CreateRevision > first.CreateRevision);
        Assert.Equal(1, again.Version);
        Assert.Equal(again.CreateRevision, (await Store.GetAsync(P + "a", Ct))!.CreateRevision);
    }

    [Fact]
    public async Task Every_write_to_any_key_gets_a_higher_revision_than_the_one_before()
    {
        var revisions = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var kv = await Store.CreateAsync($"{P}k{i % 3}-{i}", V("x"), Ct);
            revisions.Add(kv.ModRevision);
            revisions.Add((await Store.UpdateAsync(kv.Key, V("y"), kv.ModRevision, Ct)).ModRevision);
        }

        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
        Assert.Equal(revisions[^1], await Store.CurrentRevisionAsync(Ct));
    }

    [Fact]
    public async Task List_returns_exactly_the_keys_under_the_prefix_in_key_order()
    {
        foreach (var key in new[] { "pods/b", "pods/a", "pods/a/x", "pods", "pods0", "podsz/a", "pod/a" })
            await Store.CreateAsync(P + key, V(key), Ct);

        var list = await Store.ListAsync(P + "pods/", ListOptions.All, Ct);

        Assert.Equal([P + "pods/a", P + "pods/a/x", P + "pods/b"], list.Items.Select(kv => kv.Key));
        Assert.Equal(["pods/a", "pods/a/x", "pods/b"], list.Items.Select(kv => S(kv.Value)));
        Assert.Null(list.Continue);
        Assert.Equal(await Store.CurrentRevisionAsync(Ct), list.Revision);
    }

    [Fact]
    public async Task Paging_with_limit_and_continue_at_the_first_pages_revision_ignores_later_writes()
    {
        var original = new Dictionary<string, KeyValue>();
        for (var i = 0; i < 10; i++) original[$"{P}{i:D2}"] = await Store.CreateAsync($"{P}{i:D2}", V($"v{i}"), Ct);

        var pages = new List<ListResult> { await Store.ListAsync(P, new ListOptions(Limit: 3), Ct) };
        var revision = pages[0].Revision;
        // Between pages: new keys before and after the cursor, updates and deletes of listed and unlisted keys.
        await Store.CreateAsync(P + "00a", V("new"), Ct);
        await Store.CreateAsync(P + "99", V("new"), Ct);
        await Store.UpdateAsync(P + "05", V("changed"), original[P + "05"].ModRevision, Ct);
        await Store.DeleteAsync(P + "07", original[P + "07"].ModRevision, Ct);
        await Store.DeleteAsync(P + "01", original[P + "01"].ModRevision, Ct);
        while (pages[^1].More)
            pages.Add(await Store.ListAsync(P, new ListOptions(Limit: 3, Continue: pages[^1].Continue, Revision: revision), Ct));

        Assert.Equal([3, 3, 3, 1], pages.Select(page => page.Items.Count));
        Assert.All(pages, page => Assert.Equal(revision, page.Revision));
        var items = pages.SelectMany(page => page.Items).ToList();
        Assert.Equal(original.Keys.Order(StringComparer.Ordinal), items.Select(kv => kv.Key));
        Assert.Equal(original.Values.Select(kv => S(kv.Value)), items.Select(kv => S(kv.Value)));
        var now = await Store.ListAsync(P, ListOptions.All, Ct);
        Assert.Equal(10, now.Items.Count);
        Assert.Equal("changed", S(now.Items.Single(kv => kv.Key == P + "05").Value));
    }

    [Fact]
    public async Task List_at_a_past_revision_shows_the_keys_as_they_were_then()
    {
        var a = await Store.CreateAsync(P + "a", V("a1"), Ct);
        var b = await Store.CreateAsync(P + "b", V("b1"), Ct);
        var then = b.ModRevision;
        await Store.UpdateAsync(P + "a", V("a2"), a.ModRevision, Ct);
        await Store.DeleteAsync(P + "b", b.ModRevision, Ct);
        await Store.CreateAsync(P + "c", V("c1"), Ct);

        var past = await Store.ListAsync(P, new ListOptions(Revision: then), Ct);
        var older = await Store.ListAsync(P, new ListOptions(Revision: a.ModRevision), Ct);

        Assert.Equal(then, past.Revision);
        Assert.Equal(["a1", "b1"], past.Items.Select(kv => S(kv.Value)));
        Assert.Equal([a.ModRevision, b.ModRevision], past.Items.Select(kv => kv.ModRevision));
        Assert.Equal(["a1"], older.Items.Select(kv => S(kv.Value)));
        Assert.Equal(["a2", "c1"], (await Store.ListAsync(P, ListOptions.All, Ct)).Items.Select(kv => S(kv.Value)));
    }

    [Fact]
    public async Task List_at_a_revision_not_yet_written_throws_FutureRevision()
    {
        var kv = await Store.CreateAsync(P + "a", V("a"), Ct);

        var error = await Assert.ThrowsAsync<FutureRevisionException>(() => Store.ListAsync(P, new ListOptions(Revision: kv.ModRevision + 1000), Ct));

        Assert.Equal(kv.ModRevision, error.CurrentRevision);
    }

    [Fact]
    public async Task Watch_from_a_revision_delivers_only_later_changes_then_live_ones()
    {
        var a = await Store.CreateAsync(P + "a", V("a1"), Ct);
        var from = (await Store.UpdateAsync(P + "a", V("a2"), a.ModRevision, Ct)).ModRevision;
        var b = await Store.CreateAsync(P + "b", V("b1"), Ct);
        var a3 = await Store.UpdateAsync(P + "a", V("a3"), from, Ct);

        await using var watch = new WatchRecorder(Store, P, from);
        var history = await watch.WaitForAsync(2);
        var c = await Store.CreateAsync(P + "c", V("c1"), Ct);
        var all = await watch.WaitForAsync(3);

        Assert.Equal([b.ModRevision, a3.ModRevision, c.ModRevision], all.Select(e => e.Revision));
        Assert.Equal(["b1", "a3", "c1"], all.Select(e => S(e.Kv.Value)));
        Assert.All(all, e => Assert.Equal(WatchEventType.Put, e.Type));
        Assert.Equal("a2", S(all[1].PrevKv!.Value));
        Assert.Null(all[0].PrevKv);
        Assert.Equal(3, (await watch.SettleAsync()).Count);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task Watch_during_concurrent_writes_delivers_every_change_once_in_revision_order()
    {
        var from = await Store.CurrentRevisionAsync(Ct);
        await using var watch = new WatchRecorder(Store, P, from);

        var written = await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var revisions = new List<long>();
            for (var i = 0; i < 25; i++)
            {
                var kv = await Store.CreateAsync($"{P}{writer}/{i}", V($"{writer}/{i}"), Ct);
                revisions.Add(kv.ModRevision);
                revisions.Add((await Store.UpdateAsync(kv.Key, V("again"), kv.ModRevision, Ct)).ModRevision);
            }
            return revisions;
        })));

        var expected = written.SelectMany(r => r).Order().ToList();
        await watch.WaitForAsync(expected.Count);
        var events = await watch.SettleAsync();
        Assert.Equal(expected, events.Select(e => e.Revision));
    }

    [Fact]
    public async Task Watch_delivers_only_changes_under_its_prefix()
    {
        var from = await Store.CurrentRevisionAsync(Ct);
        await using var watch = new WatchRecorder(Store, P + "pods/", from);

        foreach (var key in new[] { "pods0", "pods/a", "pod/x", "pods", "pods/b/c", "services/a" })
            await Store.CreateAsync(P + key, V(key), Ct);

        await watch.WaitForAsync(2);
        Assert.Equal([P + "pods/a", P + "pods/b/c"], (await watch.SettleAsync()).Select(e => e.Kv.Key));
    }

    [Fact]
    public async Task Watch_delete_event_carries_the_key_the_delete_revision_and_the_deleted_value()
    {
        var created = await Store.CreateAsync(P + "a", V("last words"), Ct);
        await using var watch = new WatchRecorder(Store, P, created.ModRevision);

        var deleted = await Store.DeleteAsync(P + "a", created.ModRevision, Ct);

        var e = Assert.Single(await watch.WaitForAsync(1));
        Assert.Equal(WatchEventType.Delete, e.Type);
        Assert.Equal((P + "a", deleted.Revision), (e.Kv.Key, e.Revision));
        Assert.NotNull(e.PrevKv);
        Assert.Equal(("last words", created.ModRevision), (S(e.PrevKv.Value), e.PrevKv.ModRevision));
    }

    [Fact]
    public async Task Concurrent_updates_from_the_same_revision_let_exactly_one_win()
    {
        var created = await Store.CreateAsync(P + "counter", V("0"), Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            try { return (Winner: await Store.UpdateAsync(P + "counter", V($"{i}"), created.ModRevision, Ct), Conflict: (RevisionConflictException?)null); }
            catch (RevisionConflictException e) { return (Winner: (KeyValue?)null, Conflict: e); }
        })));

        var winner = Assert.Single(outcomes, o => o.Winner is not null).Winner!;
        Assert.Equal(7, outcomes.Count(o => o.Conflict is not null));
        Assert.All(outcomes.Where(o => o.Conflict is not null), o => Assert.Equal(winner.ModRevision, o.Conflict!.Current.ModRevision));
        Assert.Equal(S(winner.Value), S((await Store.GetAsync(P + "counter", Ct))!.Value));
    }

    [Fact]
    public async Task After_compaction_lists_and_watches_before_it_throw_Compacted_and_later_ones_work()
    {
        var a = await Store.CreateAsync(P + "a", V("a1"), Ct);
        var old = (await Store.UpdateAsync(P + "a", V("a2"), a.ModRevision, Ct)).ModRevision;
        var b = await Store.CreateAsync(P + "b", V("b1"), Ct);
        var compactAt = (await Store.DeleteAsync(P + "b", b.ModRevision, Ct)).Revision;
        var c = await Store.CreateAsync(P + "c", V("c1"), Ct);

        await Store.CompactAsync(compactAt, Ct);

        var listError = await Assert.ThrowsAsync<CompactedException>(() => Store.ListAsync(P, new ListOptions(Revision: old), Ct));
        Assert.Equal((old, compactAt), (listError.RequestedRevision, listError.CompactedRevision));
        var watchError = await Assert.ThrowsAsync<CompactedException>(async () =>
        {
            await foreach (var _ in Store.WatchAsync(P, old, Ct)) { }
        });
        Assert.Equal(compactAt, watchError.CompactedRevision);
        Assert.Equal(["a2"], (await Store.ListAsync(P, new ListOptions(Revision: compactAt), Ct)).Items.Select(kv => S(kv.Value)));
        Assert.Equal(["a2", "c1"], (await Store.ListAsync(P, ListOptions.All, Ct)).Items.Select(kv => S(kv.Value)));
        Assert.Null(await Store.GetAsync(P + "b", Ct));
        await using var watch = new WatchRecorder(Store, P, compactAt);
        Assert.Equal([c.ModRevision], (await watch.WaitForAsync(1)).Select(e => e.Revision));
    }

    [Fact]
    public async Task Compacting_again_to_an_older_revision_does_nothing_and_to_a_future_one_throws()
    {
        var a = await Store.CreateAsync(P + "a", V("a1"), Ct);
        var b = await Store.UpdateAsync(P + "a", V("a2"), a.ModRevision, Ct);
        await Store.CompactAsync(b.ModRevision, Ct);

        await Store.CompactAsync(a.ModRevision, Ct);
        await Store.CompactAsync(b.ModRevision, Ct);
        await Assert.ThrowsAsync<FutureRevisionException>(() => Store.CompactAsync(b.ModRevision + 1000, Ct));

        Assert.Equal("a2", S((await Store.GetAsync(P + "a", Ct))!.Value));
        var updated = await Store.UpdateAsync(P + "a", V("a3"), b.ModRevision, Ct);
        Assert.Equal(3, updated.Version);
    }
}
