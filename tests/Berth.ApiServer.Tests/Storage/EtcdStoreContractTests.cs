// The storage contract against a real etcd (Debian's etcd-server) through its v3 JSON gateway, the backend
// --datastore-endpoint selects. One etcd per class; each test keeps to its own key prefix.
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Etcd;
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests.Storage;

public sealed class EtcdStoreContractTests(EtcdServer etcd) : KeyValueStoreContract, IClassFixture<EtcdServer>
{
    protected override Task<IKeyValueStore> OpenStoreAsync() => Task.FromResult<IKeyValueStore>(new EtcdStore(etcd.Endpoint));
}
