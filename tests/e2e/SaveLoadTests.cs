// Images move between berth and podman as tars both ways: berth save -> podman load -> podman run, and
// podman save (docker-archive and oci-archive) -> berth load -> berth run.
namespace Berth.E2E.Tests;

public sealed class SaveLoadTests : IAsyncLifetime
{
    readonly BerthHost _berth = new();
    readonly BerthHost _other = new();
    readonly Podman _podman = new();

    public async Task InitializeAsync()
    {
        await _berth.InitializeAsync();
        await _other.InitializeAsync();
    }

    [Fact]
    public async Task Image_saved_by_berth_loads_and_runs_in_podman()
    {
        var tar = Path.Combine(_berth.Data, "saved.tar");
        (await _berth.RunAsync("save", "-o", tar, BerthHost.Busybox)).Check("berth save");
        (await _podman.RunAsync("load", "-i", tar)).Check("podman load");
        var run = (await _podman.RunAsync("run", "--rm", "--network=none", $"docker.io/library/{BerthHost.Busybox}", "echo", "from berth")).Check("podman run");
        Assert.Equal("from berth\n", run.Output);
    }

    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-archive")]
    public async Task Image_saved_by_podman_loads_and_runs_in_berth(string format)
    {
        var tar = Path.Combine(_berth.Data, $"podman-{format}.tar");
        (await _berth.RunAsync("save", "-o", tar, BerthHost.Busybox)).Check("berth save");
        (await _podman.RunAsync("load", "-i", tar)).Check("podman load");
        var exported = Path.Combine(_berth.Data, $"exported-{format}.tar");
        (await _podman.RunAsync("save", "--format", format, "-o", exported, $"docker.io/library/{BerthHost.Busybox}")).Check("podman save");

        (await _other.RunAsync("rmi", BerthHost.Busybox)).Check("rmi the original");
        var loaded = (await _other.RunAsync("load", "-i", exported)).Check("berth load");
        Assert.Contains("Loaded image:", loaded.Output);
        var name = loaded.Output.Split("Loaded image: ")[1].Trim();
        Assert.Equal("from podman\n", (await _other.RunAsync("run", "--rm", name, "echo", "from podman")).Check("berth run").Output);
    }

    [Fact]
    public async Task A_tar_that_is_neither_format_is_refused_clearly()
    {
        var junk = Path.Combine(_berth.Data, "junk.tar");
        (await Tool.RunAsync("tar", ["-cf", junk, "-C", _berth.Data, "busybox-rootfs"])).Check("tar");
        var result = await _berth.RunAsync("load", "-i", junk);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("neither index.json (OCI layout) nor manifest.json (docker-archive)", result.Error);
    }

    public async Task DisposeAsync()
    {
        await _podman.DisposeAsync();
        await _berth.DisposeAsync();
        await _other.DisposeAsync();
    }
}
