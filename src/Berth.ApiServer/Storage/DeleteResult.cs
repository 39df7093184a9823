// What a delete did: the revision it was written at and the value the key held before, which the API server
// returns as the deleted object.
namespace Berth.ApiServer.Storage;

public sealed record DeleteResult(long Revision, KeyValue PrevKv);
