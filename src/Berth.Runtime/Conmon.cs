// Starts a container under conmon, the monitor that outlives Berth: conmon runs `runtime create`, keeps the
// container's stdio, writes the CRI-format log and, when the process exits, its exit code to the exit dir.
// The sync pipe tells us the container's PID once create has finished (so `start` never races it).
using System.Diagnostics;
using System.Text.Json;
using Berth.Runtime.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime;

public sealed record ConmonPaths(string Bundle, string LogFile, string ExitDirectory, string PersistDirectory, string SocketDirectory);

public sealed class Conmon(string binary, OciRuntime runtime)
{
    public static Conmon Find(OciRuntime runtime) =>
        new(OciRuntime.Which("conmon") ?? throw new InvalidOperationException("conmon is not installed (Debian package conmon)"), runtime);

    /// <summary>Creates the container (not yet started) and returns its PID.</summary>
    public async Task<int> CreateAsync(string id, string name, ConmonPaths paths, CancellationToken ct)
    {
        foreach (var dir in new[] { paths.ExitDirectory, paths.PersistDirectory, paths.SocketDirectory }) Directory.CreateDirectory(dir);
        var (read, write) = Posix.InheritablePipe();
        using var reader = new FileStream(new SafeFileHandle(read, ownsHandle: true), FileAccess.Read);
        try
        {
            var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in Arguments(id, name, paths)) start.ArgumentList.Add(arg);
            start.Environment["_OCI_SYNCPIPE"] = write.ToString();
            using var process = Process.Start(start)!;
            Posix.close(write);
            write = -1;
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var message = await ReadSyncMessageAsync(reader, ct);
            if (message is null)
                throw new InvalidOperationException($"conmon exited {process.ExitCode} without creating container {id}: {(await stderr).Trim()}");
            var pid = message.Value.TryGetProperty("data", out var data) ? data.GetInt32() : message.Value.GetProperty("pid").GetInt32();
            if (pid <= 0)
            {
                var why = message.Value.TryGetProperty("message", out var m) ? m.GetString() : "unknown error";
                throw new InvalidOperationException($"creating container {id} failed: {why}");
            }
            return pid;
        }
        finally
        {
            if (write >= 0) Posix.close(write);
        }
    }

    IEnumerable<string> Arguments(string id, string name, ConmonPaths paths) =>
    [
        "--api-version", "1", "-c", id, "-u", id, "-n", name,
        "-r", runtime.Binary, "--runtime-arg", $"--root={runtime.Root}",
        "-b", paths.Bundle, "-p", Path.Combine(paths.PersistDirectory, "pid"),
        "--conmon-pidfile", Path.Combine(paths.PersistDirectory, "conmon.pid"),
        "-l", $"k8s-file:{paths.LogFile}", "--exit-dir", paths.ExitDirectory,
        "--persist-dir", paths.PersistDirectory, "--socket-dir-path", paths.SocketDirectory,
        "--log-level", "error",
    ];

    /// <summary>conmon writes one JSON line, {"data": pid} or {"data": -1, "message": ...}; EOF means it died first.</summary>
    static async Task<JsonElement?> ReadSyncMessageAsync(Stream reader, CancellationToken ct)
    {
        using var lines = new StreamReader(reader, leaveOpen: true);
        var line = await lines.ReadLineAsync(ct);
        return string.IsNullOrWhiteSpace(line) ? null : JsonDocument.Parse(line).RootElement.Clone();
    }
}
