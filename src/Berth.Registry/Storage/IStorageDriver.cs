// Where the registry keeps its bytes: a narrow, path-based driver interface (as distribution's), so storage
// back ends can be swapped. Paths are relative, '/'-separated, and never contain "..".
namespace Berth.Registry.Storage;

public interface IStorageDriver
{
    /// <summary>The whole content of a small file (links, descriptors), or null when it does not exist.</summary>
    Task<byte[]?> GetContentAsync(string path, CancellationToken ct);

    /// <summary>Replaces a small file atomically and durably.</summary>
    Task PutContentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct);

    /// <summary>A seekable read stream, or null when the file does not exist.</summary>
    Stream? OpenRead(string path);

    /// <summary>
    /// A write stream positioned at the end of the file, creating it if needed. SetLength back to the length
    /// the file had when opened must work (an upload takes back a chunk that did not match its Content-Range).
    /// </summary>
    Stream OpenAppend(string path);

    StorageInfo? Stat(string path);

    /// <summary>Names of a directory's children; empty when it does not exist.</summary>
    IReadOnlyList<string> List(string path);

    /// <summary>Makes a file's content durable, then renames it over the destination atomically.</summary>
    void Move(string source, string destination);

    /// <summary>Deletes a file or a whole directory; nothing happens when it does not exist.</summary>
    void Delete(string path);

    /// <summary>Sets the modification time to now (the garbage collector's grace period reads it).</summary>
    void Touch(string path);
}

public sealed record StorageInfo(long Size, DateTimeOffset Modified, bool IsDirectory);
