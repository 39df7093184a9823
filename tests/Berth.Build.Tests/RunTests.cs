// RUN: shell and exec form, and its flags: --mount (bind, cache, tmpfs, secret, ssh with their options),
// --network and --security. The command itself is kept exactly as written.
namespace Berth.Build.Tests;

public class RunTests
{
    [Fact]
    public void Shell_form_keeps_the_rest_of_the_line_as_one_string()
    {
        var run = Df.Only<RunInstruction>("RUN  echo \"$HOME\" 'x'  > /out  ");
        Assert.Equal(CommandForm.Shell, run.Command.Form);
        Assert.Equal(["echo \"$HOME\" 'x'  > /out"], run.Command.Arguments);
    }

    [Fact]
    public void Exec_form_is_a_json_array_of_strings()
    {
        var run = Df.Only<RunInstruction>("RUN [\"/bin/sh\", \"-c\", \"echo $HOME\"]");
        Assert.Equal(CommandForm.Exec, run.Command.Form);
        Assert.Equal(["/bin/sh", "-c", "echo $HOME"], run.Command.Arguments);
    }

    [Theory]
    [InlineData("RUN ['single', 'quotes']", "['single', 'quotes']")]
    [InlineData("RUN [\"unclosed\"", "[\"unclosed\"")]
    [InlineData("RUN [\"a\"] && b", "[\"a\"] && b")]
    public void Text_that_is_not_valid_json_is_shell_form(string line, string command)
    {
        var run = Df.Only<RunInstruction>(line);
        Assert.Equal((CommandForm.Shell, command), (run.Command.Form, Assert.Single(run.Command.Arguments)));
    }

    [Fact]
    public void Defaults_are_no_mounts_default_network_and_sandbox()
    {
        var run = Df.Only<RunInstruction>("RUN true");
        Assert.Empty(run.Mounts);
        Assert.Equal((NetworkMode.Default, SecurityMode.Sandbox), (run.Network, run.Security));
    }

    [Theory]
    [InlineData("none", NetworkMode.None)]
    [InlineData("host", NetworkMode.Host)]
    [InlineData("default", NetworkMode.Default)]
    public void Network_flag_selects_the_network(string value, NetworkMode mode) =>
        Assert.Equal(mode, Df.Only<RunInstruction>($"RUN --network={value} true").Network);

    [Fact]
    public void Devices_are_recorded() =>
        Assert.Equal(["vendor.com/gpu=all", "x,required"], Df.Only<RunInstruction>("RUN --device=vendor.com/gpu=all --device=x,required true").Devices);

    [Fact]
    public void Security_insecure_is_recorded() =>
        Assert.Equal(SecurityMode.Insecure, Df.Only<RunInstruction>("RUN --security=insecure true").Security);

    [Fact]
    public void Cache_mount_with_id_and_sharing()
    {
        var mount = Assert.Single(Df.Only<RunInstruction>("RUN --mount=type=cache,target=/root/.cache/go-build,id=gobuild,sharing=locked go build").Mounts);
        Assert.Equal((MountType.Cache, "/root/.cache/go-build", "gobuild", CacheSharing.Locked, false),
            (mount.Type, mount.Target, mount.Id, mount.Sharing, mount.ReadOnly));
    }

    [Fact]
    public void Bind_mount_is_the_default_type_and_read_only_unless_rw()
    {
        var mounts = Df.Only<RunInstruction>("RUN --mount=target=/src --mount=type=bind,source=go.sum,target=/go.sum,from=deps,rw true").Mounts;
        Assert.Equal((MountType.Bind, "/src", true), (mounts[0].Type, mounts[0].Target, mounts[0].ReadOnly));
        Assert.Equal((MountType.Bind, "go.sum", "/go.sum", "deps", false),
            (mounts[1].Type, mounts[1].Source, mounts[1].Target, mounts[1].From, mounts[1].ReadOnly));
    }

    [Fact]
    public void Mount_keys_have_their_aliases_and_flags()
    {
        var mount = Assert.Single(Df.Only<RunInstruction>("RUN --mount=type=cache,src=/x,dst=/y,ro,mode=0700,uid=1000,gid=1000 true").Mounts);
        Assert.Equal(("/x", "/y", true, 0x1C0u, 1000u, 1000u), (mount.Source, mount.Target, mount.ReadOnly, mount.Mode, mount.Uid, mount.Gid));
    }

    [Fact]
    public void Secret_ssh_and_tmpfs_mounts()
    {
        var mounts = Df.Only<RunInstruction>(
            "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required --mount=type=ssh --mount=type=tmpfs,target=/tmp,size=64m --mount=type=secret,id=token,env=TOKEN true").Mounts;
        Assert.Equal((MountType.Secret, "npmrc", true, true), (mounts[0].Type, mounts[0].Id, mounts[0].Required, mounts[0].ReadOnly));
        Assert.Equal(MountType.Ssh, mounts[1].Type);
        Assert.Equal((MountType.Tmpfs, 64L * 1024 * 1024, false), (mounts[2].Type, mounts[2].Size, mounts[2].ReadOnly));
        Assert.Equal("TOKEN", mounts[3].Env);
    }

    // The flag splitter removes plain quotes, so a CSV quote has to be escaped to reach the mount parser.
    [Fact]
    public void Escaped_quotes_make_a_csv_field_that_holds_commas() =>
        Assert.Equal("/a,b", Assert.Single(Df.Only<RunInstruction>("RUN --mount=type=bind,\\\"target=/a,b\\\" true").Mounts).Target);

    [Fact]
    public void Mount_values_with_variables_are_kept_for_expansion()
    {
        var run = Df.Only<RunInstruction>("RUN --mount=type=$KIND,target=$DIR,id=x true");
        var mount = Assert.Single(run.Mounts);
        Assert.Equal(("type=$KIND,target=$DIR,id=x", MountType.Bind, null), (mount.Spec, mount.Type, mount.Target));
        var expanded = Df.Expander(("KIND", "cache"), ("DIR", "/c")).Expand(run);
        Assert.Equal((MountType.Cache, "/c", false), (expanded.Mounts[0].Type, expanded.Mounts[0].Target, expanded.Mounts[0].ReadOnly));
    }

    [Fact]
    public void Heredocs_are_attached_to_the_run()
    {
        var run = Df.Only<RunInstruction>("RUN <<EOF\necho hi\nEOF");
        Assert.Equal(["<<EOF"], run.Command.Arguments);
        Assert.Equal("echo hi\n", Assert.Single(run.Heredocs).Content);
    }
}
