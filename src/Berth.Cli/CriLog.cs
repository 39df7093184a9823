// Reads a CRI-format container log ("<time> stdout|stderr F|P <text>") and replays it to the terminal,
// following it while the container runs, as `docker run` and `docker logs -f` show output.
namespace Berth.Cli;

static class CriLog
{
    /// <summary>Copies log lines to stdout/stderr; with <paramref name="until"/>, follows the file until that task ends.</summary>
    public static async Task CopyAsync(string path, Task? until, int? tail, CancellationToken ct)
    {
        while (!File.Exists(path))
        {
            if (until is null || until.IsCompleted) return;
            await Task.Delay(10, ct);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file);
        if (tail is { } n) await SkipToTailAsync(reader, file, n, ct);
        var stdout = Console.OpenStandardOutput();
        var stderr = Console.OpenStandardError();
        while (true)
        {
            var line = await reader.ReadLineAsync(ct);
            if (line is null)
            {
                if (until is null) return;
                if (until.IsCompleted)
                {
                    // The exit file is written after conmon's last log write: drain what remains once.
                    while (await reader.ReadLineAsync(ct) is { } rest) Write(rest, stdout, stderr);
                    return;
                }
                await Task.Delay(10, ct);
                continue;
            }
            Write(line, stdout, stderr);
        }
    }

    static void Write(string line, Stream stdout, Stream stderr)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3) return;
        var text = parts.Length == 4 ? parts[3] : "";
        var target = parts[1] == "stderr" ? stderr : stdout;
        var bytes = System.Text.Encoding.UTF8.GetBytes(parts[2] == "P" ? text : text + "\n");
        target.Write(bytes);
        target.Flush();
    }

    static async Task SkipToTailAsync(StreamReader reader, Stream file, int lines, CancellationToken ct)
    {
        var count = 0;
        while (await reader.ReadLineAsync(ct) is not null) count++;
        file.Seek(0, SeekOrigin.Begin);
        reader.DiscardBufferedData();
        for (var i = 0; i < Math.Max(0, count - lines); i++) await reader.ReadLineAsync(ct);
    }
}
