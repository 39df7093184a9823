// One change seen by a watch. A put carries the new value and the previous one (null on creation); a delete
// carries the key and its revision in Kv, and the deleted value in PrevKv (as etcd's watch with prev_kv).
namespace Berth.ApiServer.Storage;

public enum WatchEventType { Put, Delete }

public sealed record WatchEvent(WatchEventType Type, KeyValue Kv, KeyValue? PrevKv)
{
    public long Revision => Kv.ModRevision;
}
