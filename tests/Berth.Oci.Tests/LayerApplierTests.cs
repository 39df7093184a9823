using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Berth.Oci.Native;
using Berth.Oci.Tests.Support;

namespace Berth.Oci.Tests;

public class LayerApplierTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly string _target;

    public LayerApplierTests() => _target = _dir.Make("target");

    public void Dispose() => _dir.Dispose();

    Task<LayerApplyResult> Apply(byte[] layer, LayerApplyOptions? options = null) =>
        new LayerApplier(options).ApplyAsync(new MemoryStream(layer), _target);

    string At(string relative) => Path.Combine(_target, relative);

    FileStatus Stat(string relative) => Libc.LStat(At(relative)) ?? throw new Xunit.Sdk.XunitException($"{relative} does not exist");

    static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    [Fact]
    public async Task Files_dirs_symlinks_hardlinks_devices_and_fifos_are_created_with_owner_mode_and_mtime()
    {
        Root.Require();
        var fileTime = new DateTimeOffset(2019, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var dirTime = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var layer = new LayerBuilder()
            .Dir("etc/", "750", uid: 10, gid: 20, mtime: dirTime)
            .File("etc/passwd", "root:x:0:0::/root:/bin/sh\n", "644", uid: 0, gid: 0, mtime: fileTime)
            .File("etc/sudo", "suid", "4755", uid: 0, gid: 0)
            .File("etc/owned", "mine", "600", uid: 1000, gid: 1001)
            .Symlink("etc/localtime", "/usr/share/zoneinfo/UTC", mtime: fileTime)
            .HardLink("etc/passwd-", "etc/passwd")
            .Dir("dev/", "755")
            .Device("dev/null", TarEntryType.CharacterDevice, 1, 3, "666")
            .Device("dev/sda", TarEntryType.BlockDevice, 8, 0, "660", gid: 6)
            .Fifo("run/initctl", "600")
            .Tar();

        var result = await Apply(layer);

        Assert.Equal(10, result.Entries);
        Assert.Equal(Encoding.UTF8.GetByteCount("root:x:0:0::/root:/bin/sh\n") + 4 + 4, result.BytesWritten);
        Assert.Equal("root:x:0:0::/root:/bin/sh\n", File.ReadAllText(At("etc/passwd")));
        Assert.Equal(("750", 10, 20, dirTime), (Octal(Stat("etc").Mode), Stat("etc").Uid, Stat("etc").Gid, Stat("etc").ModificationTime));
        Assert.Equal(("644", fileTime), (Octal(Stat("etc/passwd").Mode), Stat("etc/passwd").ModificationTime));
        Assert.Equal("4755", Octal(Stat("etc/sudo").Mode));
        Assert.Equal(("600", 1000, 1001), (Octal(Stat("etc/owned").Mode), Stat("etc/owned").Uid, Stat("etc/owned").Gid));
        Assert.Equal(FileKind.Symlink, Stat("etc/localtime").Kind);
        Assert.Equal("/usr/share/zoneinfo/UTC", new FileInfo(At("etc/localtime")).LinkTarget);
        Assert.Equal(fileTime, Stat("etc/localtime").ModificationTime);
        Assert.Equal(Stat("etc/passwd").Inode, Stat("etc/passwd-").Inode);
        Assert.Equal((FileKind.CharacterDevice, 1, 3, "666"), (Stat("dev/null").Kind, Stat("dev/null").RdevMajor, Stat("dev/null").RdevMinor, Octal(Stat("dev/null").Mode)));
        Assert.Equal((FileKind.BlockDevice, 8, 0, 6), (Stat("dev/sda").Kind, Stat("dev/sda").RdevMajor, Stat("dev/sda").RdevMinor, Stat("dev/sda").Gid));
        Assert.Equal((FileKind.Fifo, "600"), (Stat("run/initctl").Kind, Octal(Stat("run/initctl").Mode)));
        Assert.Equal(FileKind.Directory, Stat("run").Kind);
    }

    [Fact]
    public async Task Directory_mtime_and_mode_are_set_after_its_children_are_written()
    {
        var dirTime = new DateTimeOffset(2010, 10, 10, 10, 10, 10, TimeSpan.Zero);
        var layer = new LayerBuilder()
            .Dir("opt/", "555", mtime: dirTime)
            .File("opt/a", "a")
            .File("opt/b", "b")
            .Tar();

        await Apply(layer);

        Assert.Equal(dirTime, Stat("opt").ModificationTime);
        Assert.Equal("555", Octal(Stat("opt").Mode));
        Assert.Equal("b", File.ReadAllText(At("opt/b")));
    }

    [Fact]
    public async Task Leading_slash_and_dot_slash_are_normalised_and_the_root_entry_is_skipped()
    {
        var layer = new RawTar()
            .Dir("./")
            .Dir("./usr/")
            .File("/usr/abs", "absolute name")
            .File(".//usr/./dotted", "dotted name")
            .End().ToArray();

        var result = await Apply(layer);

        Assert.Equal(3, result.Entries);
        Assert.Equal("absolute name", File.ReadAllText(At("usr/abs")));
        Assert.Equal("dotted name", File.ReadAllText(At("usr/dotted")));
    }

    [Fact]
    public async Task Gzip_is_detected_from_its_bytes_and_the_diff_id_is_the_uncompressed_digest()
    {
        var tar = new LayerBuilder().Dir("app/").File("app/main", "binary").Tar();

        var fromGzip = await Apply(RawTar.Gzip(tar));

        Assert.Equal(Digest.Compute(tar), fromGzip.DiffId);
        Assert.Equal("binary", File.ReadAllText(At("app/main")));
        Assert.Equal(Digest.Compute(tar), (await new LayerApplier().ApplyAsync(new MemoryStream(tar), _dir.Make("plain"))).DiffId);
    }

    [Fact]
    public async Task Diff_id_covers_bytes_after_the_end_of_archive_blocks()
    {
        var tar = new RawTar().File("f", "x").End().Raw(new byte[8192]).ToArray();
        Assert.Equal(Digest.Compute(tar), (await Apply(tar)).DiffId);
    }

    [Fact]
    public async Task Whiteout_deletes_a_lower_file_and_a_lower_directory_with_its_contents()
    {
        await Apply(new LayerBuilder().File("etc/motd", "hello").Dir("var/cache/").File("var/cache/big", "cache").File("keep", "k").Tar());

        var result = await Apply(new LayerBuilder().Whiteout("etc/.wh.motd").Whiteout("var/.wh.cache").Whiteout(".wh.never-existed").Tar());

        Assert.Equal(3, result.Entries);
        Assert.False(Path.Exists(At("etc/motd")));
        Assert.False(Path.Exists(At("var/cache")));
        Assert.False(Path.Exists(At(".wh.motd")));
        Assert.False(Path.Exists(At("etc/.wh.motd")));
        Assert.True(File.Exists(At("keep")));
    }

    [Fact]
    public async Task Whiteout_does_not_delete_an_entry_the_same_layer_adds()
    {
        await Apply(new LayerBuilder().File("conf", "lower").Tar());

        await Apply(new LayerBuilder().File("conf", "upper").Whiteout(".wh.conf").Tar());

        Assert.Equal("upper", File.ReadAllText(At("conf")));
    }

    [Fact]
    public async Task Opaque_directory_removes_lower_entries_but_keeps_this_layers_entries_before_and_after_the_marker()
    {
        await Apply(new LayerBuilder()
            .Dir("data/").File("data/old", "lower").Dir("data/sub/").File("data/sub/old", "lower").File("data/sub/replaced", "lower")
            .File("outside", "lower").Tar());

        await Apply(new LayerBuilder()
            .Dir("data/")
            .File("data/before", "upper")
            .File("data/sub/replaced", "upper")
            .Whiteout("data/.wh..wh..opq")
            .File("data/after", "upper")
            .Tar());

        Assert.Equal(["after", "before", "sub"], Directory.GetFileSystemEntries(At("data")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["replaced"], Directory.GetFileSystemEntries(At("data/sub")).Select(Path.GetFileName));
        Assert.Equal("upper", File.ReadAllText(At("data/sub/replaced")));
        Assert.Equal("lower", File.ReadAllText(At("outside")));
    }

    [Fact]
    public async Task Opaque_marker_for_a_directory_that_does_not_exist_is_harmless()
    {
        var result = await Apply(new LayerBuilder().Whiteout("nothing/here/.wh..wh..opq").Tar());
        Assert.Equal(1, result.Entries);
        Assert.False(Path.Exists(At("nothing")));
    }

    [Fact]
    public async Task Aufs_metadata_whiteouts_are_ignored()
    {
        await Apply(new LayerBuilder().File("plnk", "lower").Tar());
        await Apply(new LayerBuilder().Whiteout(".wh..wh.plnk").Dir(".wh..wh.plnk/").Tar());
        Assert.Equal("lower", File.ReadAllText(At("plnk")));
        Assert.False(Path.Exists(At(".wh..wh.plnk")));
    }

    [Fact]
    public async Task Overlay_mode_turns_whiteouts_into_0_0_character_devices_and_marks_opaque_directories()
    {
        Root.Require();
        var result = await Apply(new LayerBuilder()
            .Dir("etc/")
            .Whiteout("etc/.wh.motd")
            .Whiteout("var/lib/.wh..wh..opq")
            .File("var/lib/new", "upper")
            .Tar(), new LayerApplyOptions { Whiteouts = WhiteoutMode.Overlay });

        Assert.Equal(4, result.Entries);
        var whiteout = Stat("etc/motd");
        Assert.Equal((FileKind.CharacterDevice, 0, 0), (whiteout.Kind, whiteout.RdevMajor, whiteout.RdevMinor));
        Assert.False(Path.Exists(At("etc/.wh.motd")));
        Assert.Equal("y"u8.ToArray(), Libc.GetXattrs(At("var/lib"))["trusted.overlay.opaque"]);
        Assert.Equal("upper", File.ReadAllText(At("var/lib/new")));
        Assert.False(Path.Exists(At("var/lib/.wh..wh..opq")));
    }

    [Fact]
    public async Task Directory_replaced_by_a_file_and_file_replaced_by_a_directory()
    {
        await Apply(new LayerBuilder().Dir("was-dir/").File("was-dir/child", "c").File("was-file", "f").Tar());

        await Apply(new LayerBuilder().File("was-dir", "now a file").Dir("was-file/").File("was-file/child", "now a dir").Tar());

        Assert.Equal("now a file", File.ReadAllText(At("was-dir")));
        Assert.Equal("now a dir", File.ReadAllText(At("was-file/child")));
    }

    [Fact]
    public async Task Directory_over_a_directory_merges_and_takes_the_new_mode()
    {
        await Apply(new LayerBuilder().Dir("shared/", "700").File("shared/lower", "l").Tar());

        await Apply(new LayerBuilder().Dir("shared/", "755").File("shared/upper", "u").Tar());

        Assert.True(File.Exists(At("shared/lower")));
        Assert.True(File.Exists(At("shared/upper")));
        Assert.Equal("755", Octal(Stat("shared").Mode));
    }

    [Fact]
    public async Task File_over_a_hard_linked_lower_file_leaves_the_other_link_unchanged()
    {
        await Apply(new LayerBuilder().File("bin/busybox", "old").HardLink("bin/sh", "bin/busybox").Tar());

        await Apply(new LayerBuilder().File("bin/sh", "new shell").Tar());

        Assert.Equal("old", File.ReadAllText(At("bin/busybox")));
        Assert.Equal("new shell", File.ReadAllText(At("bin/sh")));
    }

    [Fact]
    public async Task Hard_link_to_a_file_from_a_lower_layer_shares_its_inode()
    {
        await Apply(new LayerBuilder().File("usr/bin/python3.12", "py").Tar());
        await Apply(new LayerBuilder().HardLink("usr/bin/python3", "/usr/bin/python3.12").Tar());
        Assert.Equal(Stat("usr/bin/python3.12").Inode, Stat("usr/bin/python3").Inode);
    }

    [Fact]
    public async Task Relative_symlinks_that_stay_inside_are_followed_for_parent_paths_as_the_kernel_would()
    {
        // "lib/.." is the parent of what lib points at (usr), not the target root.
        var layer = new LayerBuilder()
            .Dir("usr/lib/")
            .Symlink("lib", "usr/lib")
            .File("lib/libc.so.6", "libc")
            .Dir("usr/lib64/")
            .Symlink("usr/lib32", "../lib/../lib64")
            .File("usr/lib32/ld.so", "loader")
            .Tar();

        await Apply(layer);

        Assert.Equal("libc", File.ReadAllText(At("usr/lib/libc.so.6")));
        Assert.Equal("loader", File.ReadAllText(At("usr/lib64/ld.so")));
        Assert.Equal(FileKind.Symlink, Stat("lib").Kind);
    }

    [Fact]
    public async Task Opaque_through_a_symlinked_parent_keeps_what_this_layer_wrote_there()
    {
        await Apply(new LayerBuilder().Dir("usr/lib/").File("usr/lib/old.so", "lower").Symlink("lib", "usr/lib").Tar());

        await Apply(new LayerBuilder().File("lib/new.so", "upper").Whiteout("usr/lib/.wh..wh..opq").Tar());

        Assert.Equal(["new.so"], Directory.GetFileSystemEntries(At("usr/lib")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Binary_xattr_values_from_pax_records_are_set_byte_for_byte()
    {
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0xff, 0xfe, 0x0a, 0x3d];
        var layer = new RawTar()
            .Pax(("SCHILY.xattr.user.binary", capability), ("SCHILY.xattr.user.text", "plain"u8.ToArray()))
            .File("bin/ping", "ping")
            .File("bin/other", "no xattrs")
            .End().ToArray();

        await Apply(layer);

        var xattrs = Libc.GetXattrs(At("bin/ping"));
        Assert.Equal(capability, xattrs["user.binary"]);
        Assert.Equal("plain"u8.ToArray(), xattrs["user.text"]);
        Assert.Empty(Libc.GetXattrs(At("bin/other")));
    }

    [Fact]
    public async Task Xattrs_written_by_TarWriter_are_applied()
    {
        await Apply(new LayerBuilder().File("f", "x", xattrs: new() { ["user.mime_type"] = "text/plain" }).Tar());
        Assert.Equal("text/plain"u8.ToArray(), Libc.GetXattrs(At("f"))["user.mime_type"]);
    }

    [Fact]
    public async Task Unprivileged_apply_leaves_owners_skips_devices_and_root_only_xattrs_and_lists_them()
    {
        Root.Require();
        var layer = new RawTar()
            .Entry("owned", '0', "data"u8.ToArray(), uid: 1234, gid: 5678)
            .Entry("dev/null", '3', major: 1, minor: 3)
            .Entry("pipe", '6', mode: "600")
            .Pax(("SCHILY.xattr.trusted.secret", "t"u8.ToArray()), ("SCHILY.xattr.user.ok", "u"u8.ToArray()))
            .File("tagged", "x")
            .End().ToArray();

        var result = await Apply(layer, new LayerApplyOptions { Privileged = false });

        Assert.Equal((0, 0), (Stat("owned").Uid, Stat("owned").Gid));
        Assert.False(Path.Exists(At("dev/null")));
        Assert.Equal(FileKind.Fifo, Stat("pipe").Kind);
        Assert.Equal(["user.ok"], Libc.GetXattrs(At("tagged")).Keys);
        Assert.Equal(["dev/null: character device 1:3 not created (needs root)", "tagged: xattr trusted.secret not set (needs root)"], result.Skipped);
    }

    [Fact]
    public async Task Global_pax_headers_are_ignored()
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, leaveOpen: true))
        {
            writer.WriteEntry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "built by berth" }));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "f") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }

        var result = await Apply(stream.ToArray());

        Assert.Equal(1, result.Entries);
        Assert.Equal("x", File.ReadAllText(At("f")));
    }

    [Fact]
    public async Task Layer_written_by_GNU_tar_applies_like_the_source_tree()
    {
        var source = _dir.Make("source");
        Directory.CreateDirectory(Path.Combine(source, "usr/bin"));
        File.WriteAllText(Path.Combine(source, "usr/bin/app"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(source, "usr/bin/app"), (UnixFileMode)RawTar.Octal("750"));
        Libc.Link(Path.Combine(source, "usr/bin/app"), Path.Combine(source, "usr/bin/app-link"));
        File.CreateSymbolicLink(Path.Combine(source, "app"), "usr/bin/app");
        File.WriteAllText(Path.Combine(source, new string('x', 150)), "long name");
        Libc.SetXattr(Path.Combine(source, "usr/bin/app"), "user.origin", "gnu"u8);
        var layerPath = _dir["gnu.tar.gz"];
        using (var tar = Process.Start("tar", ["--format=posix", "--xattrs", "--numeric-owner", "-czf", layerPath, "-C", source, "."]))
            await tar.WaitForExitAsync();

        await using (var layer = File.OpenRead(layerPath))
            await new LayerApplier().ApplyAsync(layer, _target);

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(_target));
    }

    [Fact]
    public async Task Zstd_layers_are_refused_with_a_clear_message()
    {
        var e = await Assert.ThrowsAsync<InvalidLayerException>(() => Apply([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
        Assert.Contains("zstd", e.Message);
    }

    [Fact]
    public async Task Missing_target_directory_is_reported_before_reading_the_layer()
    {
        var e = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            new LayerApplier().ApplyAsync(new MemoryStream(), _dir["missing"]));
        Assert.Contains(_dir["missing"], e.Message);
    }

    [Fact]
    public async Task Cancelled_apply_stops_with_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new LayerApplier().ApplyAsync(new MemoryStream(new LayerBuilder().File("f", "x").Tar()), _target, cts.Token));
    }
}
