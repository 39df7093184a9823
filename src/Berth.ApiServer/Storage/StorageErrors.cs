// The few ways a storage call fails, as typed exceptions the API server maps to Kubernetes Status
// (AlreadyExists, Conflict, NotFound, Expired/410 Gone). Both backends throw exactly these.
namespace Berth.ApiServer.Storage;

public abstract class StorageException(string message) : Exception(message);

/// <summary>A create found the key already there.</summary>
public sealed class KeyExistsException(KeyValue existing)
    : StorageException($"key \"{existing.Key}\" already exists (created at revision {existing.CreateRevision})")
{
    public KeyValue Existing { get; } = existing;
}

/// <summary>An update or delete named a key that does not exist.</summary>
public sealed class KeyMissingException(string key) : StorageException($"key \"{key}\" not found")
{
    public string Key { get; } = key;
}

/// <summary>An update or delete expected a modRevision the key no longer has.</summary>
public sealed class RevisionConflictException(KeyValue current, long expectedModRevision)
    : StorageException($"key \"{current.Key}\" was modified at revision {current.ModRevision}, not {expectedModRevision}: read it again and retry")
{
    public KeyValue Current { get; } = current;
    public long ExpectedModRevision { get; } = expectedModRevision;
}

/// <summary>A list or watch asked for history that compaction has discarded.</summary>
public sealed class CompactedException(long requestedRevision, long compactedRevision)
    : StorageException($"revision {requestedRevision} has been compacted (oldest available: {compactedRevision}): list again from the current revision")
{
    public long RequestedRevision { get; } = requestedRevision;
    public long CompactedRevision { get; } = compactedRevision;
}

/// <summary>A read or compaction named a revision newer than the newest write.</summary>
public sealed class FutureRevisionException(long requestedRevision, long currentRevision)
    : StorageException($"revision {requestedRevision} is newer than the current revision {currentRevision}")
{
    public long RequestedRevision { get; } = requestedRevision;
    public long CurrentRevision { get; } = currentRevision;
}
