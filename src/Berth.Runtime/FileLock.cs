// A cross-process lock on a file (flock through FileShare.None), so the daemonless CLI and a running agent
// never write the same store at once. Waits, with a timeout that says who to look for.
namespace Berth.Runtime;

public static class FileLock
{
    public static async Task<IDisposable> AcquireAsync(string path, CancellationToken ct, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { await Task.Delay(10, ct); }
            catch (IOException e)
            {
                throw new TimeoutException($"{path} is locked by another berth process for over {timeout ?? TimeSpan.FromSeconds(30)}", e);
            }
        }
    }
}
