// The storage contract against the embedded SQLite backend, the default one, with a fresh database file per
// test in a temp dir.
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Sqlite;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Storage;

public sealed class SqliteStoreContractTests : KeyValueStoreContract
{
    readonly TempDir _dir = new();

    protected override Task<IKeyValueStore> OpenStoreAsync() => Task.FromResult<IKeyValueStore>(SqliteStore.Open(_dir["berth.db"]));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}
