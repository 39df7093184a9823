// What a delete did: the revision it was written at and the value the key held before.
namespace Berth.ApiServer.Storage;

public sealed record DeleteResult(long Revision, KeyValue PrevKv);
