// The OCI runtime binary (runc, or crun): create through conmon, then start, kill, delete and state.
// Each container's runtime state lives under the runtime root, so several Berth instances never collide.
using System.Diagnostics;
using System.Text.Json;

namespace Berth.Runtime;

public sealed class OciRuntime(string binary, string root)
{
    public string Binary => binary;
    public string Root => root;

    public static OciRuntime Find(string name, string root) =>
        new(Which(name) ?? throw new InvalidOperationException($"OCI runtime \"{name}\" is not installed (Debian package {name})"), root);

    public Task StartAsync(string id, CancellationToken ct) => RunAsync(ct, "start", id);

    public Task KillAsync(string id, string signal, CancellationToken ct) => RunAsync(ct, "kill", id, signal);

    public Task DeleteAsync(string id, CancellationToken ct) => RunAsync(ct, "delete", "--force", id);

    /// <summary>Changes a created or running container's cgroup limits; unset values stay as they are.</summary>
    public Task UpdateAsync(string id, long? memoryLimitBytes, long? cpuQuota, long? cpuPeriod, ulong? cpuShares, CancellationToken ct)
    {
        var args = new List<string> { "update" };
        // The spec sets swap equal to memory (no swap); cgroup v1 refuses a memory limit above the memory+swap one.
        if (memoryLimitBytes is { } memory) args.AddRange(["--memory", memory.ToString(), "--memory-swap", memory.ToString()]);
        if (cpuPeriod is { } period) args.AddRange(["--cpu-period", period.ToString()]);
        if (cpuQuota is { } quota) args.AddRange(["--cpu-quota", quota.ToString()]);
        if (cpuShares is { } shares) args.AddRange(["--cpu-share", shares.ToString()]);
        args.Add(id);
        return RunAsync(ct, [.. args]);
    }

    /// <summary>Deletes a container the runtime may or may not still know (one call, not state then delete).</summary>
    public async Task DeleteIfPresentAsync(string id, CancellationToken ct)
    {
        var (code, _, error) = await ExecAsync(ct, "delete", "--force", id);
        if (code != 0 && !error.Contains("does not exist") && !error.Contains("not found"))
            throw new InvalidOperationException($"{Path.GetFileName(binary)} delete --force {id}: {error.Trim()}");
    }

    /// <summary>The runtime's status of a container ("created", "running", "stopped"), or null when it has none.</summary>
    public async Task<string?> StatusAsync(string id, CancellationToken ct)
    {
        var (code, output, _) = await ExecAsync(ct, "state", id);
        if (code != 0) return null;
        return JsonDocument.Parse(output).RootElement.GetProperty("status").GetString();
    }

    /// <summary>
    /// Runs a process in a running container with this process's stdin, stdout and stderr (a terminal when
    /// <paramref name="tty"/>), as `docker exec` does; returns its exit code. Env, user and directory default
    /// to the container's own.
    /// </summary>
    public async Task<int> ExecAsync(string id, IReadOnlyList<string> args, bool tty, IReadOnlyList<string> env, SpecUserArgument? user, string? cwd, CancellationToken ct)
    {
        var start = new ProcessStartInfo(binary);
        foreach (var arg in new[] { "--root", root, "exec" }) start.ArgumentList.Add(arg);
        if (tty) start.ArgumentList.Add("--tty");
        foreach (var variable in env) { start.ArgumentList.Add("--env"); start.ArgumentList.Add(variable); }
        if (user is not null) { start.ArgumentList.Add("--user"); start.ArgumentList.Add(user.ToString()); }
        if (user?.AdditionalGids is { } gids) foreach (var gid in gids) { start.ArgumentList.Add("--additional-gids"); start.ArgumentList.Add(gid.ToString()); }
        if (cwd is not null) { start.ArgumentList.Add("--cwd"); start.ArgumentList.Add(cwd); }
        start.ArgumentList.Add(id);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(ct);
        return process.ExitCode;
    }

    /// <summary>
    /// Runs a process in a running container with no stdin and returns its exit code and output, each stream cut
    /// at <paramref name="maxOutputBytes"/> (the rest is read and dropped, so a chatty process cannot fill memory).
    /// </summary>
    public async Task<(int ExitCode, byte[] Stdout, byte[] Stderr)> ExecCapturedAsync(string id, IReadOnlyList<string> args, int maxOutputBytes, CancellationToken ct)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "--root", root, "exec", id }) start.ArgumentList.Add(arg);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        try
        {
            var stdout = ReadCappedAsync(process.StandardOutput.BaseStream, maxOutputBytes, ct);
            var stderr = ReadCappedAsync(process.StandardError.BaseStream, maxOutputBytes, ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            // runc exec forwards SIGKILL to nothing: killing its process tree ends the command in the container too.
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    static async Task<byte[]> ReadCappedAsync(Stream stream, int max, CancellationToken ct)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            if (kept.Length < max) kept.Write(buffer, 0, (int)Math.Min(read, max - kept.Length));
        return kept.ToArray();
    }

    async Task RunAsync(CancellationToken ct, params string[] args)
    {
        var (code, _, error) = await ExecAsync(ct, args);
        if (code != 0) throw new InvalidOperationException($"{Path.GetFileName(binary)} {string.Join(' ', args)}: {error.Trim()}");
    }

    async Task<(int Code, string Output, string Error)> ExecAsync(CancellationToken ct, params string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(root);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output, await error);
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}

/// <summary>A resolved user for runc exec's --user uid:gid and --additional-gids.</summary>
public sealed record SpecUserArgument(uint Uid, uint Gid, IReadOnlyList<uint>? AdditionalGids)
{
    public override string ToString() => $"{Uid}:{Gid}";
}
