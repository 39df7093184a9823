// What callers hand the single writer: one change each, completed once the transaction holding it is durable
// (or refused with a storage error, which leaves the other changes of the batch untouched).
namespace Berth.ApiServer.Storage.Sqlite;

abstract record WriteRequest(CancellationToken Ct)
{
    public TaskCompletionSource<WriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

sealed record CreateRequest(string Key, byte[] Value, CancellationToken Ct) : WriteRequest(Ct);

sealed record UpdateRequest(string Key, byte[] Value, long ExpectedModRevision, CancellationToken Ct) : WriteRequest(Ct);

sealed record DeleteRequest(string Key, long ExpectedModRevision, CancellationToken Ct) : WriteRequest(Ct);

/// <summary>One step of a compaction: discard history superseded at or before <paramref name="Revision"/>.</summary>
sealed record CompactRequest(long Revision, CancellationToken Ct) : WriteRequest(Ct);

/// <summary>The revision a change was written at (or compacted to), the new value, and the one it replaced.</summary>
sealed record WriteResult(long Revision, KeyValue? Kv, KeyValue? PrevKv);
