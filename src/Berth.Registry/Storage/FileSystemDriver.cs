// The filesystem storage driver: everything under one root directory. Content becomes visible only by
// rename after fsync, so a kill -9 at any moment leaves either the old file or the complete new one.
using Berth.Oci;

namespace Berth.Registry.Storage;

public sealed class FileSystemDriver : IStorageDriver
{
    readonly string _root;

    public FileSystemDriver(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<byte[]?> GetContentAsync(string path, CancellationToken ct)
    {
        try { return await File.ReadAllBytesAsync(Full(path), ct); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    public Task PutContentAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct) =>
        AtomicFile.WriteAllBytesAsync(Full(path), content, ct);

    public Stream? OpenRead(string path)
    {
        try { return new FileStream(Full(path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    public Stream OpenAppend(string path)
    {
        var full = Full(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new DurableAppendStream(full);
    }

    public StorageInfo? Stat(string path)
    {
        var full = Full(path);
        var file = new FileInfo(full);
        if (file.Exists) return new StorageInfo(file.Length, file.LastWriteTimeUtc, false);
        var dir = new DirectoryInfo(full);
        return dir.Exists ? new StorageInfo(0, dir.LastWriteTimeUtc, true) : null;
    }

    public IReadOnlyList<string> List(string path)
    {
        var full = Full(path);
        if (!Directory.Exists(full)) return [];
        try { return Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(n => !n!.StartsWith(".tmp-")).ToList()!; }
        catch (DirectoryNotFoundException) { return []; }
    }

    public void Move(string source, string destination)
    {
        var from = Full(source);
        using (var file = new FileStream(from, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) file.Flush(flushToDisk: true);
        AtomicFile.Commit(from, Full(destination));
    }

    public void Delete(string path)
    {
        var full = Full(path);
        try
        {
            if (File.Exists(full)) File.Delete(full);
            else if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
        }
        catch (DirectoryNotFoundException) { }
    }

    public void Touch(string path)
    {
        try { File.SetLastWriteTimeUtc(Full(path), DateTime.UtcNow); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { }
    }

    string Full(string path)
    {
        if (path.Split('/').Any(part => part is ".." or "."))
            throw new ArgumentException($"storage path \"{path}\" must not contain . or .. components");
        return Path.Join(_root, path);
    }
}
