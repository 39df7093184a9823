// One key's value at one revision, with etcd's bookkeeping: the revision that created the key, the revision of
// this value (a Kubernetes object's resourceVersion), and how many times it was written since its creation.
namespace Berth.ApiServer.Storage;

public sealed record KeyValue(string Key, byte[] Value, long CreateRevision, long ModRevision, long Version);
