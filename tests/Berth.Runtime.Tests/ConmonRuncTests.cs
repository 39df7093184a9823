// A container started by real conmon and runc from a generated spec: exit codes, the CRI-format log, and limits.
using System.Text.Json;
using Berth.Runtime.Oci;

namespace Berth.Runtime.Tests;

public sealed class ConmonRuncTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-runtime-").FullName;
    readonly OciRuntime _runtime;
    readonly List<string> _created = [];

    public ConmonRuncTests() => _runtime = OciRuntime.Find("runc", Path.Combine(_dir, "runc"));

    [Fact]
    public async Task Container_exit_code_and_output_reach_the_exit_file_and_the_cri_log()
    {
        var result = await RunAsync(["sh", "-c", "echo hello; echo oops >&2; exit 3"]);
        Assert.Equal(3, result.ExitCode);
        var lines = result.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith(" stdout F hello"));
        Assert.Contains(lines, l => l.EndsWith(" stderr F oops"));
        Assert.All(lines, l => Assert.True(DateTimeOffset.TryParse(l.Split(' ')[0], out _), $"no timestamp in \"{l}\""));
    }

    [Fact]
    public async Task Env_user_and_working_directory_apply_inside_the_container()
    {
        var result = await RunAsync(["sh", "-c", "echo $GREETING; id -u; id -g; pwd"], request => request with
        {
            Env = ["GREETING=hi from berth", "PATH=/bin"],
            User = new SpecUser { Uid = 1000, Gid = 1000 },
            WorkingDir = "/tmp",
        });
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hi from berth", "1000", "1000", "/tmp"], result.Stdout);
    }

    [Fact]
    public async Task Pids_limit_stops_a_fork_bomb_from_starting_more_processes()
    {
        var result = await RunAsync(["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; wait; echo done"],
            request => request with { PidsLimit = 5 });
        Assert.Contains(result.Log.Split('\n'), l => l.Contains("stderr") && (l.Contains("fork") || l.Contains("Resource temporarily unavailable")));
    }

    sealed record Result(int ExitCode, string Log, IReadOnlyList<string> Stdout);

    async Task<Result> RunAsync(string[] args, Func<ContainerRequest, ContainerRequest>? adjust = null)
    {
        var id = $"t{Guid.NewGuid():N}"[..16];
        var bundle = Directory.CreateDirectory(Path.Combine(_dir, id)).FullName;
        var rootfs = BusyboxRootfs.Create(Directory.CreateDirectory(Path.Combine(bundle, "rootfs")).FullName);
        var request = new ContainerRequest { Id = id, Rootfs = rootfs, Args = args, Env = ["PATH=/bin"] };
        var spec = SpecGenerator.Generate(adjust?.Invoke(request) ?? request);
        await File.WriteAllBytesAsync(Path.Combine(bundle, "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeSpecJsonContext.Default.RuntimeSpec));
        var paths = new ConmonPaths(bundle, Path.Combine(bundle, "ctr.log"), Path.Combine(_dir, "exits"), Path.Combine(bundle, "persist"), Path.Combine(_dir, "sockets"));
        _created.Add(id);
        await Conmon.Find(_runtime).CreateAsync(id, id, paths, CancellationToken.None);
        await _runtime.StartAsync(id, CancellationToken.None);
        var exitFile = Path.Combine(paths.ExitDirectory, id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(exitFile) || new FileInfo(exitFile).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"container {id} did not exit within 30 s");
            await Task.Delay(20);
        }
        var log = await File.ReadAllTextAsync(paths.LogFile);
        var stdout = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Split(' ')[1] == "stdout")
            .Select(l => l.Split(' ', 4)[3]).ToList();
        return new Result(int.Parse(await File.ReadAllTextAsync(exitFile)), log, stdout);
    }

    public void Dispose()
    {
        foreach (var id in _created) _runtime.DeleteAsync(id, CancellationToken.None).ContinueWith(_ => { }).Wait();
        Directory.Delete(_dir, recursive: true);
    }
}
