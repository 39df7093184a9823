using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net.Sockets;
using Berth.Oci.Native;
using Berth.Oci.Tests.Support;

namespace Berth.Oci.Tests;

public class LayerWriterTests : IDisposable
{
    static readonly DateTimeOffset Fixed = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static async Task<(LayerDescriptor Layer, byte[] Bytes)> WriteAsync(string source, LayerWriterOptions? options = null)
    {
        var output = new MemoryStream();
        var layer = await new LayerWriter(options).WriteAsync(source, output);
        return (layer, output.ToArray());
    }

    static List<TarEntry> ReadEntries(byte[] tar)
    {
        var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry) entries.Add(entry);
        return entries;
    }

    static void Mode(string path, string octal) => File.SetUnixFileMode(path, (UnixFileMode)RawTar.Octal(octal));

    /// <summary>A tree with every kind of entry a layer carries: nested dirs, modes, owners, links, devices, xattrs.</summary>
    string MakeRichTree(string name, bool privileged)
    {
        var root = _dir.Make(name);
        Directory.CreateDirectory(Path.Combine(root, "usr/lib"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        File.WriteAllText(Path.Combine(root, "etc/hostname"), "berth\n");
        File.WriteAllText(Path.Combine(root, "usr/lib/libfoo.so.1"), "not really an ELF");
        File.WriteAllBytes(Path.Combine(root, "empty-file"), []);
        var big = new byte[(1 << 20) + 123];
        new Random(42).NextBytes(big);
        File.WriteAllBytes(Path.Combine(root, "usr/big.bin"), big);
        File.WriteAllText(Path.Combine(root, "run.sh"), "#!/bin/sh\necho hi\n");
        Mode(Path.Combine(root, "run.sh"), "755");
        File.WriteAllText(Path.Combine(root, "etc/shadow"), "root:*:");
        Mode(Path.Combine(root, "etc/shadow"), "640");
        Mode(Path.Combine(root, "empty"), "700");
        File.CreateSymbolicLink(Path.Combine(root, "lib"), "usr/lib");
        File.CreateSymbolicLink(Path.Combine(root, "usr/lib/libfoo.so"), "libfoo.so.1");
        File.CreateSymbolicLink(Path.Combine(root, "absolute"), "/etc/hostname");
        File.CreateSymbolicLink(Path.Combine(root, "dangling"), "nowhere/at/all");
        File.WriteAllText(Path.Combine(root, "usr/tool"), "shared inode");
        Libc.Link(Path.Combine(root, "usr/tool"), Path.Combine(root, "etc/tool-alias"));
        Libc.Link(Path.Combine(root, "usr/tool"), Path.Combine(root, "z-last-alias"));
        Libc.Mknod(Path.Combine(root, "pipe"), FileKind.Fifo, (UnixFileMode)RawTar.Octal("600"), 0, 0);
        Libc.SetXattr(Path.Combine(root, "etc/hostname"), "user.berth.note", "text value"u8);
        if (privileged)
        {
            File.WriteAllText(Path.Combine(root, "usr/suid"), "setuid binary");
            Libc.Lchown(Path.Combine(root, "usr/suid"), 0, 0);
            Mode(Path.Combine(root, "usr/suid"), "4755");
            Libc.Lchown(Path.Combine(root, "etc/shadow"), 0, 42);
            Libc.Lchown(Path.Combine(root, "usr/lib"), 1234, 5678);
            Libc.Lchown(Path.Combine(root, "lib"), 1000, 1000);
            Directory.CreateDirectory(Path.Combine(root, "dev"));
            Libc.Mknod(Path.Combine(root, "dev/null"), FileKind.CharacterDevice, (UnixFileMode)RawTar.Octal("666"), 1, 3);
            Libc.Mknod(Path.Combine(root, "dev/loop7"), FileKind.BlockDevice, (UnixFileMode)RawTar.Octal("660"), 7, 7);
            Libc.SetXattr(Path.Combine(root, "usr/big.bin"), "trusted.berth.binary", [0x00, 0xff, 0x80, 0x0a, 0x3d]);
        }
        return root;
    }

    [Fact]
    public async Task Layer_round_trips_files_dirs_symlinks_hardlinks_devices_owners_modes_xattrs_and_mtimes()
    {
        Root.Require();
        var source = MakeRichTree("source", privileged: true);
        var (layer, bytes) = await WriteAsync(source);

        var target = _dir.Make("target");
        var result = await new LayerApplier().ApplyAsync(new MemoryStream(bytes), target);

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(target));
        Assert.Equal(layer.DiffId, result.DiffId);
        Assert.Empty(result.Skipped);
        var links = Libc.LStat(Path.Combine(target, "usr/tool"))!.Value;
        Assert.Equal(3u, links.Links);
        Assert.Equal(links.Inode, Libc.LStat(Path.Combine(target, "z-last-alias"))!.Value.Inode);
    }

    [Fact]
    public async Task Layer_round_trips_an_unprivileged_tree_too()
    {
        var source = MakeRichTree("source", privileged: false);
        var (_, bytes) = await WriteAsync(source);

        var target = _dir.Make("target");
        await new LayerApplier().ApplyAsync(new MemoryStream(bytes), target);

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(target));
    }

    [Fact]
    public async Task Entries_are_sorted_relative_with_directory_slashes_and_the_first_hard_link_holds_the_data()
    {
        var source = MakeRichTree("source", privileged: false);
        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { Gzip = false });

        var entries = ReadEntries(bytes);
        var names = entries.Select(e => e.Name).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.All(names, n => Assert.False(n.StartsWith('/') || n.StartsWith("./"), n));
        Assert.All(entries, e => Assert.Equal(e.EntryType == TarEntryType.Directory, e.Name.EndsWith('/')));
        Assert.Contains("usr/lib/", names);
        Assert.DoesNotContain(entries, e => e.Name is "" or "./" or "/");

        var tool = entries.Where(e => e.Name is "etc/tool-alias" or "usr/tool" or "z-last-alias").ToList();
        Assert.Equal(TarEntryType.RegularFile, tool[0].EntryType);
        Assert.Equal("etc/tool-alias", tool[0].Name);
        Assert.All(tool.Skip(1), e => Assert.Equal((TarEntryType.HardLink, "etc/tool-alias"), (e.EntryType, e.LinkName)));

        var symlink = Assert.Single(entries, e => e.Name == "lib");
        Assert.Equal((TarEntryType.SymbolicLink, "usr/lib"), (symlink.EntryType, symlink.LinkName));
        Assert.Equal(TarEntryType.Fifo, Assert.Single(entries, e => e.Name == "pipe").EntryType);
        Assert.Equal((UnixFileMode)RawTar.Octal("755"), Assert.Single(entries, e => e.Name == "run.sh").Mode);
    }

    [Fact]
    public async Task Two_writes_with_a_fixed_mtime_give_the_same_digests_even_after_touching_the_files()
    {
        var source = MakeRichTree("source", privileged: false);
        var options = new LayerWriterOptions { ModificationTime = Fixed };

        var (first, firstBytes) = await WriteAsync(source, options);
        foreach (var path in Directory.EnumerateFileSystemEntries(source, "*", SearchOption.AllDirectories))
            if (Libc.LStat(path)!.Value.Kind != FileKind.Symlink) File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        var (second, secondBytes) = await WriteAsync(source, options);

        Assert.Equal(first, second);
        Assert.Equal(firstBytes, secondBytes);
        Assert.All(ReadEntries(await Gunzip(firstBytes)), e => Assert.Equal(Fixed, e.ModificationTime));
    }

    [Fact]
    public async Task Same_content_created_in_a_different_order_gives_the_same_layer()
    {
        string Make(string name, bool reversed)
        {
            var root = _dir.Make(name);
            var files = Enumerable.Range(0, 40).Select(i => $"d{i % 4}/f{i:D2}").ToList();
            if (reversed) files.Reverse();
            foreach (var file in files)
            {
                Directory.CreateDirectory(Path.Combine(root, Path.GetDirectoryName(file)!));
                File.WriteAllText(Path.Combine(root, file), file);
                Mode(Path.Combine(root, file), "644");
            }
            foreach (var directory in Directory.GetDirectories(root)) Mode(directory, "755");
            return root;
        }
        var options = new LayerWriterOptions { ModificationTime = Fixed };

        var (a, _) = await WriteAsync(Make("a", reversed: false), options);
        var (b, _) = await WriteAsync(Make("b", reversed: true), options);

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Gzip_and_plain_tar_have_the_same_diff_id_and_report_what_was_written()
    {
        var source = MakeRichTree("source", privileged: false);

        var (gzipped, gzBytes) = await WriteAsync(source, new LayerWriterOptions { ModificationTime = Fixed });
        var (plain, tarBytes) = await WriteAsync(source, new LayerWriterOptions { ModificationTime = Fixed, Gzip = false });

        Assert.Equal(plain.DiffId, gzipped.DiffId);
        Assert.Equal(MediaTypes.OciLayerGzip, gzipped.MediaType);
        Assert.Equal(MediaTypes.OciLayer, plain.MediaType);
        Assert.Equal(Digest.Compute(gzBytes), gzipped.Digest);
        Assert.Equal(gzBytes.Length, gzipped.Size);
        Assert.Equal(Digest.Compute(tarBytes), plain.Digest);
        Assert.Equal(plain.Digest, plain.DiffId);
        Assert.Equal(tarBytes.Length, plain.Size);
        Assert.Equal(tarBytes, await Gunzip(gzBytes));
        Assert.Equal(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = gzipped.Digest, Size = gzipped.Size }, gzipped.ToDescriptor());
    }

    [Fact]
    public async Task Optimal_compression_is_a_valid_layer_with_the_same_diff_id()
    {
        var source = _dir.Make("source");
        File.WriteAllText(Path.Combine(source, "repetitive.txt"), string.Concat(Enumerable.Repeat("berth layer ", 50_000)));

        var (fastest, _) = await WriteAsync(source, new LayerWriterOptions { ModificationTime = Fixed });
        var (optimal, _) = await WriteAsync(source, new LayerWriterOptions { ModificationTime = Fixed, CompressionLevel = CompressionLevel.SmallestSize });

        Assert.Equal(fastest.DiffId, optimal.DiffId);
        Assert.True(optimal.Size <= fastest.Size, $"smallest size {optimal.Size} > fastest {fastest.Size}");
    }

    [Fact]
    public async Task Files_keep_their_own_mtimes_in_whole_seconds_when_no_fixed_time_is_given()
    {
        var source = _dir.Make("source");
        var file = Path.Combine(source, "dated");
        File.WriteAllText(file, "x");
        File.SetLastWriteTimeUtc(file, new DateTime(2015, 6, 7, 8, 9, 10, 987, DateTimeKind.Utc));

        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { Gzip = false });

        Assert.Equal(new DateTimeOffset(2015, 6, 7, 8, 9, 10, TimeSpan.Zero), Assert.Single(ReadEntries(bytes)).ModificationTime);
    }

    [Fact]
    public async Task Long_names_long_link_targets_and_large_ids_survive_through_pax_records()
    {
        var source = _dir.Make("source");
        var deep = string.Join('/', Enumerable.Range(0, 12).Select(i => $"directory-number-{i:D2}"));
        Directory.CreateDirectory(Path.Combine(source, deep));
        File.WriteAllText(Path.Combine(source, deep, "file-with-a-long-name.txt"), "deep");
        var longTarget = deep + "/file-with-a-long-name.txt";
        File.CreateSymbolicLink(Path.Combine(source, "shortcut"), longTarget);
        File.WriteAllText(Path.Combine(source, "ünïcødé ✓"), "utf-8 name");
        if (Environment.IsPrivilegedProcess) Libc.Lchown(Path.Combine(source, "shortcut"), 100_000_000, 3_000_000);

        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { Gzip = false });
        var entries = ReadEntries(bytes);

        Assert.Contains(entries, e => e.Name == deep + "/file-with-a-long-name.txt" && e.EntryType == TarEntryType.RegularFile);
        var link = Assert.Single(entries, e => e.Name == "shortcut");
        Assert.Equal(longTarget, link.LinkName);
        if (Environment.IsPrivilegedProcess) Assert.Equal((100_000_000, 3_000_000), (link.Uid, link.Gid));
        Assert.Contains(entries, e => e.Name == "ünïcødé ✓");
        Assert.DoesNotContain(entries, e => e.Name.Contains("PaxHeaders"));
    }

    [Fact]
    public async Task Pax_headers_have_a_fixed_name_rather_than_the_writers_process_id()
    {
        var source = _dir.Make("source");
        File.WriteAllText(Path.Combine(source, new string('n', 120)), "long name");

        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { Gzip = false });

        var headerName = System.Text.Encoding.ASCII.GetString(bytes, 0, 100).TrimEnd('\0');
        Assert.Equal((byte)'x', bytes[156]);
        Assert.Equal("PaxHeaders.0/" + new string('n', 87), headerName);
    }

    [Fact]
    public async Task GNU_tar_reads_the_layer_with_the_same_names_modes_and_link_targets()
    {
        var source = MakeRichTree("source", privileged: Environment.IsPrivilegedProcess);
        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { ModificationTime = Fixed });
        var layerPath = _dir["layer.tar.gz"];
        await File.WriteAllBytesAsync(layerPath, bytes);

        var listing = Run("tar", "--numeric-owner", "-tvzf", layerPath);
        var extracted = _dir.Make("gnu-extracted");
        Run("tar", "--numeric-owner", "--same-owner", "-p", "--xattrs", "--xattrs-include=*", "-xzf", layerPath, "-C", extracted);

        Assert.Contains("lrwxrwxrwx 0/0", listing.Split('\n').Single(l => l.EndsWith(" absolute -> /etc/hostname")));
        Assert.Equal(TreeSnapshot.Of(source, withTimes: false), TreeSnapshot.Of(extracted, withTimes: false));
    }

    [Fact]
    public async Task Sockets_are_left_out_because_a_tar_cannot_hold_them()
    {
        var source = _dir.Make("source");
        File.WriteAllText(Path.Combine(source, "kept"), "file");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(source, "daemon.sock")));

        var (_, bytes) = await WriteAsync(source, new LayerWriterOptions { Gzip = false });

        Assert.Equal(["kept"], ReadEntries(bytes).Select(e => e.Name));
    }

    [Fact]
    public async Task Empty_directory_gives_an_empty_but_valid_layer()
    {
        var (layer, bytes) = await WriteAsync(_dir.Make("empty"), new LayerWriterOptions { Gzip = false });

        Assert.Equal(1024, bytes.Length);
        Assert.Empty(ReadEntries(bytes));
        Assert.Equal(Digest.Compute(new byte[1024]), layer.DiffId);
    }

    [Fact]
    public async Task Cancelled_write_stops_with_OperationCanceledException()
    {
        var source = MakeRichTree("source", privileged: false);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LayerWriter().WriteAsync(source, new MemoryStream(), cts.Token));
    }

    static async Task<byte[]> Gunzip(byte[] gz)
    {
        var output = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress)) await gzip.CopyToAsync(output);
        return output.ToArray();
    }

    static string Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
