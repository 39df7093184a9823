// Valid layers written with System.Formats.Tar's own TarWriter (PAX), so the applier is tested against a second
// implementation of the format, not only against Berth's LayerWriter.
using System.Formats.Tar;

namespace Berth.Oci.Tests.Support;

sealed class LayerBuilder
{
    public static readonly DateTimeOffset Time = new(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);

    readonly MemoryStream _output = new();
    readonly TarWriter _writer;

    public LayerBuilder() => _writer = new TarWriter(_output, TarEntryFormat.Pax, leaveOpen: true);

    public LayerBuilder Dir(string name, string mode = "755", int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name), mode, uid, gid, mtime);

    public LayerBuilder File(string name, string content, string mode = "644", int uid = 0, int gid = 0, DateTimeOffset? mtime = null,
        Dictionary<string, string>? xattrs = null)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name,
            (xattrs ?? []).ToDictionary(x => $"SCHILY.xattr.{x.Key}", x => x.Value))
        {
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        };
        return Add(entry, mode, uid, gid, mtime);
    }

    public LayerBuilder Symlink(string name, string target, DateTimeOffset? mtime = null) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target }, "777", 0, 0, mtime);

    public LayerBuilder HardLink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target }, "644", 0, 0, null);

    public LayerBuilder Device(string name, TarEntryType type, int major, int minor, string mode = "666", int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(type, name) { DeviceMajor = major, DeviceMinor = minor }, mode, uid, gid, null);

    public LayerBuilder Fifo(string name, string mode = "644") => Add(new PaxTarEntry(TarEntryType.Fifo, name), mode, 0, 0, null);

    public LayerBuilder Whiteout(string name) => File(name, "");

    public byte[] Tar()
    {
        _writer.Dispose();
        return _output.ToArray();
    }

    public byte[] Gzip() => RawTar.Gzip(Tar());

    LayerBuilder Add(PaxTarEntry entry, string mode, int uid, int gid, DateTimeOffset? mtime)
    {
        entry.Mode = (UnixFileMode)RawTar.Octal(mode);
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime ?? Time;
        _writer.WriteEntry(entry);
        return this;
    }
}
