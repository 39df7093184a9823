using System.Text;
using Berth.Oci.Native;
using Berth.Oci.Tests.Support;

namespace Berth.Oci.Tests;

/// <summary>
/// Layers built to escape the target, exhaust memory or crash the reader. Every test applies the layer into a sandbox
/// whose sentinel directory sits beside the target, and checks that nothing outside the target changed.
/// </summary>
public class HostileLayerTests : IDisposable
{
    readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    Task<LayerApplyResult> Apply(byte[] layer, LayerApplyOptions? options = null) =>
        new LayerApplier(options).ApplyAsync(new MemoryStream(layer), _box.Target);

    async Task<T> Refused<T>(byte[] layer, LayerApplyOptions? options = null) where T : InvalidLayerException
    {
        var e = await Assert.ThrowsAsync<T>(() => Apply(layer, options));
        _box.AssertNothingOutsideTouched();
        return e;
    }

    string RelativeToTarget(string path) => Path.GetRelativePath(_box.Target, path);

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("./../escape")]
    [InlineData("/../escape")]
    [InlineData("a/b/../../../escape")]
    [InlineData("..")]
    public async Task Entry_name_with_dot_dot_is_rejected_and_nothing_outside_is_touched(string name)
    {
        var layer = new RawTar().File("innocent", "first").File(name, "pwned").End().ToArray();

        var e = await Refused<UnsafeLayerException>(layer);

        Assert.Equal(name, e.Entry);
        Assert.Contains("\"..\"", e.Message);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_box.Target)!, "escape")));
    }

    [Fact]
    public async Task Dot_dot_into_the_sentinel_by_name_is_rejected()
    {
        var e = await Refused<UnsafeLayerException>(new RawTar().File("../sentinel/keep", "overwritten").End().ToArray());
        Assert.Equal("../sentinel/keep", e.Entry);
    }

    [Fact]
    public async Task Absolute_entry_names_land_inside_the_target_not_on_the_host()
    {
        var layer = new RawTar().File($"/tmp/{_box.EscapeName}", "contained").End().ToArray();

        await Apply(layer);

        Assert.Equal("contained", File.ReadAllText(Path.Combine(_box.Target, "tmp", _box.EscapeName)));
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Symlink_escape_then_write_through_is_rejected_and_nothing_outside_is_touched()
    {
        var layer = new RawTar()
            .Symlink("evil", _box.Sentinel)
            .File("evil/keep", "overwritten")
            .End().ToArray();

        var e = await Refused<UnsafeLayerException>(layer);

        Assert.Equal("evil/keep", e.Entry);
        Assert.Contains("absolute path", e.Reason);
    }

    [Fact]
    public async Task Symlink_to_etc_then_passwd_is_rejected()
    {
        var before = File.ReadAllBytes("/etc/passwd");
        var layer = new RawTar().Symlink("etc", "/etc").File("etc/passwd", "root::0:0::/:/bin/sh\n").End().ToArray();

        await Refused<UnsafeLayerException>(layer);

        Assert.Equal(before, File.ReadAllBytes("/etc/passwd"));
    }

    [Theory]
    [InlineData("../sentinel")]
    [InlineData("../../..")]
    [InlineData("./../sentinel")]
    [InlineData("a/../../sentinel")]
    public async Task Symlink_climbing_out_then_write_through_is_rejected(string target)
    {
        var layer = new RawTar().Dir("a/").Symlink("evil", target).File("evil/pwned", "x").End().ToArray();

        var e = await Refused<UnsafeLayerException>(layer);

        Assert.Contains("climbs above the target", e.Reason);
    }

    [Fact]
    public async Task Nested_symlink_climbing_out_from_a_subdirectory_is_rejected()
    {
        var layer = new RawTar().Dir("a/").Dir("a/b/").Symlink("a/b/up", "../../../sentinel").File("a/b/up/pwned", "x").End().ToArray();
        await Refused<UnsafeLayerException>(layer);
    }

    [Fact]
    public async Task Symlink_chain_that_ends_outside_is_rejected()
    {
        var layer = new RawTar()
            .Symlink("first", "second")
            .Symlink("second", "third/..//../sentinel")
            .Dir("third/")
            .File("first/pwned", "x")
            .End().ToArray();

        await Refused<UnsafeLayerException>(layer);
    }

    [Fact]
    public async Task Symlink_loop_fails_cleanly_instead_of_hanging()
    {
        var layer = new RawTar().Symlink("loop", "loop/x").File("loop/file", "x").End().ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Contains("too many levels of symbolic links", e.Message);
    }

    [Fact]
    public async Task Escaping_symlink_left_by_a_lower_layer_cannot_be_written_through()
    {
        File.CreateSymbolicLink(Path.Combine(_box.Target, "lower-link"), _box.Sentinel);
        File.CreateSymbolicLink(Path.Combine(_box.Target, "lower-relative"), "../sentinel");

        await Refused<UnsafeLayerException>(new RawTar().File("lower-link/keep", "x").End().ToArray());
        await Refused<UnsafeLayerException>(new RawTar().Dir("lower-relative/sub/").End().ToArray());
    }

    [Fact]
    public async Task Regular_file_replacing_an_escaping_symlink_replaces_the_link_not_its_target()
    {
        var layer = new RawTar()
            .Symlink("keep", Path.Combine(_box.Sentinel, "keep"))
            .File("keep", "replaces the link")
            .End().ToArray();

        await Apply(layer);

        Assert.Equal(FileKind.Regular, Libc.LStat(Path.Combine(_box.Target, "keep"))!.Value.Kind);
        Assert.Equal("replaces the link", File.ReadAllText(Path.Combine(_box.Target, "keep")));
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Directory_entry_over_an_escaping_symlink_replaces_the_link_and_leaves_its_target_alone()
    {
        var layer = new RawTar().Symlink("evil", _box.Sentinel).Dir("evil/", "777").End().ToArray();

        await Apply(layer);

        Assert.Equal(FileKind.Directory, Libc.LStat(Path.Combine(_box.Target, "evil"))!.Value.Kind);
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Directory_whose_entry_was_later_replaced_by_an_escaping_symlink_gets_no_deferred_mode_or_time()
    {
        // The directory's mode and mtime are applied at the end; by then "d" points at the sentinel.
        var layer = new RawTar().Dir("d/", "777").Symlink("d", _box.Sentinel).End().ToArray();

        await Apply(layer);

        Assert.Equal(FileKind.Symlink, Libc.LStat(Path.Combine(_box.Target, "d"))!.Value.Kind);
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Replacing_a_lower_directory_that_holds_a_symlink_to_outside_deletes_only_the_link()
    {
        Directory.CreateDirectory(Path.Combine(_box.Target, "dir"));
        File.CreateSymbolicLink(Path.Combine(_box.Target, "dir", "to-sentinel"), _box.Sentinel);

        await Apply(new RawTar().File("dir", "now a file").End().ToArray());

        Assert.Equal("now a file", File.ReadAllText(Path.Combine(_box.Target, "dir")));
        _box.AssertNothingOutsideTouched();
    }

    [Theory]
    [InlineData("../sentinel/keep")]
    [InlineData("a/../../sentinel/keep")]
    public async Task Hard_link_with_dot_dot_is_rejected(string target)
    {
        var e = await Refused<UnsafeLayerException>(new RawTar().Dir("a/").HardLink("stolen", target).End().ToArray());
        Assert.Contains("hard link target", e.Reason);
        Assert.Equal(1u, Libc.LStat(Path.Combine(_box.Sentinel, "keep"))!.Value.Links);
    }

    [Fact]
    public async Task Hard_link_through_an_escaping_symlink_is_rejected()
    {
        var layer = new RawTar().Symlink("evil", _box.Sentinel).HardLink("stolen", "evil/keep").End().ToArray();

        await Refused<UnsafeLayerException>(layer);

        Assert.False(Path.Exists(Path.Combine(_box.Target, "stolen")));
        Assert.Equal(1u, Libc.LStat(Path.Combine(_box.Sentinel, "keep"))!.Value.Links);
    }

    [Fact]
    public async Task Hard_link_to_an_absolute_host_path_is_resolved_inside_the_target_and_never_links_the_host_file()
    {
        var before = Libc.LStat("/etc/passwd")!.Value.Links;

        var e = await Refused<InvalidLayerException>(new RawTar().HardLink("shadow-copy", "/etc/passwd").End().ToArray());

        Assert.Contains("does not exist in the target", e.Message);
        Assert.Equal(before, Libc.LStat("/etc/passwd")!.Value.Links);
        Assert.False(Path.Exists(Path.Combine(_box.Target, "shadow-copy")));
    }

    [Fact]
    public async Task Hard_link_to_an_absolute_path_links_the_file_inside_the_target()
    {
        await Apply(new RawTar().Dir("etc/").File("etc/passwd", "inside").HardLink("copy", "/etc/passwd").End().ToArray());

        Assert.Equal(Libc.LStat(Path.Combine(_box.Target, "etc/passwd"))!.Value.Inode, Libc.LStat(Path.Combine(_box.Target, "copy"))!.Value.Inode);
        Assert.NotEqual(Libc.LStat("/etc/passwd")!.Value.Inode, Libc.LStat(Path.Combine(_box.Target, "copy"))!.Value.Inode);
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Hard_link_to_a_symlink_links_the_symlink_itself_not_what_it_points_at()
    {
        var layer = new RawTar().Symlink("evil", Path.Combine(_box.Sentinel, "keep")).HardLink("alias", "evil").End().ToArray();

        await Apply(layer);

        Assert.Equal(FileKind.Symlink, Libc.LStat(Path.Combine(_box.Target, "alias"))!.Value.Kind);
        Assert.Equal(1u, Libc.LStat(Path.Combine(_box.Sentinel, "keep"))!.Value.Links);
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Whiteout_under_an_escaping_symlink_is_rejected_and_deletes_nothing()
    {
        var layer = new RawTar().Symlink("evil", _box.Sentinel).File("evil/.wh.keep", "").End().ToArray();
        await Refused<UnsafeLayerException>(layer);
    }

    [Fact]
    public async Task Whiteout_under_a_climbing_symlink_is_rejected_and_deletes_nothing()
    {
        File.CreateSymbolicLink(Path.Combine(_box.Target, "up"), "..");
        await Refused<UnsafeLayerException>(new RawTar().File("up/.wh.sentinel", "").End().ToArray());
    }

    [Fact]
    public async Task Opaque_marker_under_an_escaping_symlink_is_rejected_and_empties_nothing()
    {
        var layer = new RawTar().Symlink("evil", _box.Sentinel).File("evil/.wh..wh..opq", "").End().ToArray();
        await Refused<UnsafeLayerException>(layer);
    }

    [Theory]
    [InlineData("../.wh.sentinel")]
    [InlineData(".wh...")]
    [InlineData(".wh..")]
    [InlineData("a/.wh...")]
    public async Task Whiteouts_naming_dot_dot_are_rejected(string name)
    {
        Directory.CreateDirectory(Path.Combine(_box.Target, "a"));
        await Refused<UnsafeLayerException>(new RawTar().File(name, "").End().ToArray());
        Assert.True(Directory.Exists(Path.Combine(_box.Target, "a")));
    }

    [Fact]
    public async Task Overlay_whiteout_under_an_escaping_symlink_creates_no_device_outside()
    {
        var layer = new RawTar().Symlink("evil", _box.Sentinel).File("evil/.wh.new", "").End().ToArray();
        await Refused<UnsafeLayerException>(layer, new LayerApplyOptions { Whiteouts = WhiteoutMode.Overlay });
    }

    [Fact]
    public async Task Overlayfs_xattrs_in_a_layer_are_refused()
    {
        var layer = new RawTar().Pax(("SCHILY.xattr.trusted.overlay.redirect", "/etc"u8.ToArray())).Dir("d/").End().ToArray();

        var e = await Refused<UnsafeLayerException>(layer);

        Assert.Contains("trusted.overlay.redirect", e.Reason);
    }

    [Theory]
    [InlineData("usr.typo")]
    [InlineData("user.")]
    [InlineData("nonamespace")]
    public async Task Xattrs_Linux_would_reject_are_refused_before_the_entry_is_written(string name)
    {
        var layer = new RawTar().Pax(("SCHILY.xattr." + name, "v"u8.ToArray())).File("tagged", "x").End().ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Contains(name, e.Message);
        Assert.False(Path.Exists(Path.Combine(_box.Target, "tagged")));
    }

    [Fact]
    public async Task Entry_declaring_far_more_data_than_follows_fails_as_truncated()
    {
        var layer = new RawTar().Entry("huge", '0', Encoding.UTF8.GetBytes("only this"), size: 8L << 30).ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Equal("huge", e.Entry);
        Assert.Contains("truncated", e.Message);
        Assert.Contains($"declares {8L << 30} bytes", e.Message);
    }

    [Fact]
    public async Task Entry_declaring_a_base256_size_larger_than_the_data_fails_as_truncated()
    {
        var layer = new RawTar()
            .Entry("base256", '0', "short"u8.ToArray(), tweak: h => { h.AsSpan(124, 12).Clear(); h[124] = 0x80; h[131] = 0x01; })
            .ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData('x')]
    [InlineData('g')]
    [InlineData('L')]
    [InlineData('K')]
    public async Task Metadata_header_with_an_enormous_size_is_refused_before_anything_is_buffered(char type)
    {
        var layer = new RawTar().Entry("././@Meta", type, new byte[4096], size: 2_000_000_000).ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Contains("2000000000", e.Message);
    }

    [Fact]
    public async Task Pax_size_record_that_lies_about_the_data_is_caught()
    {
        var layer = new RawTar().Pax(("size", "999999999"u8.ToArray())).File("liar", "tiny").End().ToArray();

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public async Task Pax_header_followed_by_another_metadata_header_is_refused()
    {
        var layer = new RawTar().Pax(("path", "a"u8.ToArray())).Entry("././@LongLink", 'L', "b\0"u8.ToArray()).File("c", "x").End().ToArray();
        await Refused<InvalidLayerException>(layer);
    }

    [Fact]
    public async Task Malformed_pax_records_are_refused()
    {
        var layer = new RawTar().Entry("PaxHeaders.0/x", 'x', "99 path=too-short\n"u8.ToArray()).File("x", "x").End().ToArray();
        var e = await Refused<InvalidLayerException>(layer);
        Assert.Contains("PAX", e.Message);
    }

    [Fact]
    public async Task Truncated_tar_fails_with_layer_is_truncated_at_every_cut()
    {
        var tar = new LayerBuilder().Dir("a/").File("a/one", new string('1', 1500)).File("a/two", "2").Tar();
        foreach (var cut in new[] { 0, 100, 512, 700, 1024, 1536, 2000, 2600, tar.Length - 1024 - 512 })
        {
            var target = Directory.CreateDirectory(Path.Combine(_box.Target, $"cut-{cut}")).FullName;
            var e = await Assert.ThrowsAsync<InvalidLayerException>(() => new LayerApplier().ApplyAsync(new MemoryStream(tar[..cut]), target));
            Assert.Contains("truncated", e.Message);
        }
        _box.AssertNothingOutsideTouched();
    }

    [Fact]
    public async Task Truncated_gzip_fails_with_a_clear_exception_at_every_cut()
    {
        var content = new byte[200_000];
        new Random(3).NextBytes(content);
        var gz = new LayerBuilder().File("random", Convert.ToBase64String(content)).File("after", "x").Gzip();
        for (var cut = 1; cut < gz.Length - 100; cut += gz.Length / 23)
        {
            var target = Directory.CreateDirectory(Path.Combine(_box.Target, $"cut-{cut}")).FullName;
            var e = await Assert.ThrowsAsync<InvalidLayerException>(() => new LayerApplier().ApplyAsync(new MemoryStream(gz[..cut]), target));
            Assert.Matches("truncated|malformed", e.Message);
        }
        _box.AssertNothingOutsideTouched();
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef })]
    [InlineData(new byte[] { 0x1f, 0x8b, 0xff, 0xff, 0xff })]
    public async Task Garbage_fails_with_InvalidLayerException(byte[] garbage) => await Refused<InvalidLayerException>(garbage);

    [Fact]
    public async Task Random_bytes_fail_with_InvalidLayerException()
    {
        var garbage = new byte[8192];
        new Random(11).NextBytes(garbage);
        garbage[0] = (byte)'r';
        await Refused<InvalidLayerException>(garbage);
        await Refused<InvalidLayerException>([0x1f, 0x8b, .. garbage]);
    }

    [Fact]
    public async Task Header_with_a_bad_checksum_is_refused()
    {
        var layer = new RawTar().File("ok", "fine").ToArray().Concat(new RawTar().File("bad", "x").End().ToArray()).ToArray();
        layer[512 + 512 + 10] ^= 0x20;

        var e = await Refused<InvalidLayerException>(layer);

        Assert.Equal("ok", e.Entry);
        Assert.Contains("after entry \"ok\"", e.Message);
    }

    [Fact]
    public async Task Unsupported_entry_types_are_refused_by_name()
    {
        var e = await Refused<InvalidLayerException>(new RawTar().Entry("volume", 'V').End().ToArray());
        Assert.Contains("volume", e.Message);
    }

    [Fact]
    public async Task Randomly_corrupted_layers_fail_cleanly_and_never_touch_anything_outside()
    {
        var source = new LayerBuilder()
            .Dir("etc/").File("etc/hosts", "127.0.0.1 localhost\n").Symlink("lib", "usr/lib").Dir("usr/lib/")
            .File("lib/libz.so", new string('z', 3000)).HardLink("etc/hosts.bak", "etc/hosts")
            .Whiteout("etc/.wh.motd").Whiteout("usr/.wh..wh..opq")
            .File("usr/lib/xattr", "x", xattrs: new() { ["user.k"] = "v" })
            .Tar();
        var random = new Random(20240601);
        for (var i = 0; i < 150; i++)
        {
            var mutated = (byte[])source.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var target = Directory.CreateDirectory(Path.Combine(_box.Target, $"fuzz-{i}")).FullName;
            try
            {
                await new LayerApplier().ApplyAsync(new MemoryStream(mutated), target);
            }
            catch (InvalidLayerException) { }
            catch (IOException e) when (e.Message.StartsWith("applying layer entry")) { }
        }
        _box.AssertNothingOutsideTouched();
    }
}

[Collection(NonParallel.Name)]
public class HostileLayerMemoryTests
{
    [Theory]
    [InlineData('x', false)]
    [InlineData('L', false)]
    [InlineData('x', true)]
    public async Task Pax_or_long_name_header_claiming_gigabytes_does_not_make_the_process_allocate_them(char type, bool gzip)
    {
        using var dir = new TempDir();
        var tar = new RawTar().Entry("PaxHeaders.0/big", type, new byte[64 << 10], size: 2_000_000_000).ToArray();
        var layer = gzip ? RawTar.Gzip(tar) : tar;

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Assert.ThrowsAsync<InvalidLayerException>(() => new LayerApplier().ApplyAsync(new MemoryStream(layer), dir.Path));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(allocated < 64 << 20, $"refusing the layer allocated {allocated} bytes");
    }
}
