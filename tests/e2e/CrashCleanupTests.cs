// A `berth run` killed with SIGKILL in the middle of creating a container leaves nothing behind for long:
// the next berth command releases its overlay mount, runtime state and directories.
using System.Diagnostics;

namespace Berth.E2E.Tests;

public sealed class CrashCleanupTests : IAsyncLifetime
{
    readonly BerthHost _berth = new();

    public Task InitializeAsync() => _berth.InitializeAsync();
    public Task DisposeAsync() => _berth.DisposeAsync();

    [Fact]
    public async Task Run_killed_mid_create_is_cleaned_up_by_the_next_command()
    {
        var containers = Path.Combine(_berth.Data, "containers");
        var start = new ProcessStartInfo(Tool.Berth(), ["--data-dir", _berth.Data, "--run-dir", _berth.Run, "run", "--name", "killed", BerthHost.Busybox, "sleep", "30"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var run = Process.Start(start)!;
        // Kill as soon as the overlay is mounted, before the state file is written.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_berth.Mounts() == 0 && !run.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, "berth run never mounted a rootfs");
            await Task.Delay(1);
        }
        run.Kill();
        await run.WaitForExitAsync();

        // Age what the killed run left, as if a minute had passed (younger ones may belong to a run in progress).
        foreach (var dir in Directory.EnumerateDirectories(containers).Where(d => !File.Exists(Path.Combine(d, "state.json"))))
            Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow.AddMinutes(-5));
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(_berth.Data, "sandboxes")))
            Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow.AddMinutes(-5));
        (await _berth.RunAsync("ps", "-a")).Check("ps");
        // If the kill came just after the state was saved, the container is an ordinary one to remove.
        await _berth.RunAsync("rm", "-f", "killed");

        Assert.Equal(0, _berth.Mounts());
        Assert.Equal(0, File.ReadAllLines("/proc/self/mountinfo").Count(l => l.Contains(_berth.Run)));
        Assert.Empty(Directory.EnumerateDirectories(containers));
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(_berth.Data, "sandboxes")));
        var runc = (await Tool.RunAsync("runc", ["--root", Path.Combine(_berth.Run, "runc"), "list", "-q"])).Check("runc list");
        Assert.Equal("", runc.Output.Trim());
    }
}
