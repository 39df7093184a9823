// Replaces a small runtime state file all at once (temp file + rename), without fsync. What sandbox and CNI state
// describes (namespaces, veths, iptables rules) dies with the kernel, so it only has to survive Berth crashing,
// which the page cache does; skipping two fsyncs per write takes tens of milliseconds off every pod start.
namespace Berth.Runtime;

static class StateFile
{
    public static async Task WriteAsync(string path, byte[] content, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".tmp-{Path.GetFileName(path)}-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(temp, content, ct);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
