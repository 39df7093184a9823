// How a container's process is derived, as docker derives it: entrypoint and cmd, environment, users and groups.
using Berth.Oci;
using Berth.Runtime.Containers;

namespace Berth.Runtime.Tests;

public sealed class ProcessResolutionTests : IDisposable
{
    readonly string _rootfs = BusyboxRootfs.Create(Directory.CreateTempSubdirectory("berth-rootfs-").FullName);
    static readonly ContainerConfig Image = new() { Entrypoint = ["/entry"], Cmd = ["serve", "--port=80"], Env = ["PATH=/app/bin", "MODE=prod"] };
    static CreateOptions Options(params string[] command) => new() { Image = ImageReference.Parse("app:1"), Command = command };

    [Fact]
    public void Command_replaces_cmd_but_keeps_the_entrypoint() =>
        Assert.Equal(["/entry", "migrate"], ProcessSpec.Args(Image, Options("migrate")));

    [Fact]
    public void Entrypoint_override_drops_the_image_cmd() =>
        Assert.Equal(["/bin/sh"], ProcessSpec.Args(Image, Options() with { Entrypoint = "/bin/sh" }));

    [Fact]
    public void User_env_overrides_the_image_env_by_key_and_hostname_is_set()
    {
        var env = ProcessSpec.Env(Image, Options() with { Env = ["MODE=dev", "EXTRA=1"] }, "abc123");
        Assert.Equal(["HOSTNAME=abc123", "PATH=/app/bin", "MODE=dev", "EXTRA=1"], env);
    }

    [Theory]
    [InlineData("app", 1000u, 1000u, new uint[] { 2000 })]
    [InlineData("1000", 1000u, 1000u, new uint[] { 2000 })]
    [InlineData("app:extra", 1000u, 2000u, new uint[] { })]
    [InlineData("4242:4343", 4242u, 4343u, new uint[] { })]
    [InlineData("", 0u, 0u, new uint[] { })]
    public void Users_and_groups_resolve_from_the_images_passwd_and_group(string user, uint uid, uint gid, uint[] additional)
    {
        var resolved = UserResolver.Resolve(user, _rootfs);
        Assert.Equal((uid, gid), (resolved.Uid, resolved.Gid));
        Assert.Equal(additional, resolved.AdditionalGids ?? []);
    }

    [Fact]
    public void Unknown_user_name_says_where_it_looked()
    {
        var e = Assert.Throws<InvalidOperationException>(() => UserResolver.Resolve("ghost", _rootfs));
        Assert.Contains("unable to find user ghost", e.Message);
    }

    [Fact]
    public void Passwd_that_is_a_symlink_out_of_the_image_is_not_read()
    {
        File.Delete(Path.Combine(_rootfs, "etc", "passwd"));
        File.CreateSymbolicLink(Path.Combine(_rootfs, "etc", "passwd"), "/etc/passwd");
        Assert.Throws<InvalidOperationException>(() => UserResolver.Resolve("root", _rootfs));
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);
}
