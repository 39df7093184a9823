// The API server's storage boundary, shaped like etcd v3: keys with values, one global revision counter
// (the resourceVersion), conditional writes on modRevision, lists and watches at a revision, and compaction.
namespace Berth.ApiServer.Storage;

public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>The revision of the newest acknowledged write (0 or etcd's 1 for an empty store).</summary>
    Task<long> CurrentRevisionAsync(CancellationToken ct);

    /// <summary>The key's current value, or null when it does not exist.</summary>
    Task<KeyValue?> GetAsync(string key, CancellationToken ct);

    /// <summary>
    /// The keys under <paramref name="prefix"/> in key order, as they were at <see cref="ListOptions.Revision"/>
    /// (0: now). Pages of a list stay consistent when every page asks for the first page's <see cref="ListResult.Revision"/>.
    /// </summary>
    /// <exception cref="CompactedException">the revision is older than the compacted revision.</exception>
    /// <exception cref="FutureRevisionException">the revision has not been written yet.</exception>
    Task<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken ct);

    /// <summary>Creates a key that does not exist; its createRevision and modRevision are the new revision.</summary>
    /// <exception cref="KeyExistsException">the key exists.</exception>
    Task<KeyValue> CreateAsync(string key, byte[] value, CancellationToken ct);

    /// <summary>Replaces the value of a key whose modRevision is still <paramref name="expectedModRevision"/>.</summary>
    /// <exception cref="KeyMissingException">the key does not exist.</exception>
    /// <exception cref="RevisionConflictException">the key changed since; it carries the current value.</exception>
    Task<KeyValue> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken ct);

    /// <summary>Deletes a key whose modRevision is still <paramref name="expectedModRevision"/>.</summary>
    /// <exception cref="KeyMissingException">the key does not exist.</exception>
    /// <exception cref="RevisionConflictException">the key changed since; it carries the current value.</exception>
    Task<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken ct);

    /// <summary>
    /// Every change under <paramref name="prefix"/> with a revision greater than <paramref name="fromRevision"/>,
    /// in revision order, each exactly once, then live changes as they are written, until cancelled.
    /// </summary>
    /// <exception cref="CompactedException">the history after <paramref name="fromRevision"/> was compacted.</exception>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long fromRevision, CancellationToken ct);

    /// <summary>
    /// Discards the history older than <paramref name="revision"/>: lists and watches from before it fail with
    /// <see cref="CompactedException"/> afterwards. Compacting to an already compacted revision does nothing.
    /// </summary>
    /// <exception cref="FutureRevisionException">the revision has not been written yet.</exception>
    Task CompactAsync(long revision, CancellationToken ct);
}
