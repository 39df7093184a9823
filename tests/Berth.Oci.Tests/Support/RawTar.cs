// Builds tar streams block by block, including the malformed and hostile ones TarWriter will not write:
// ".." names, sizes larger than the data, enormous PAX headers, raw binary PAX records.
using System.IO.Compression;
using System.Text;

namespace Berth.Oci.Tests.Support;

sealed class RawTar
{
    readonly MemoryStream _output = new();

    public static int Octal(string digits) => Convert.ToInt32(digits, 8);

    /// <summary>A header declaring <paramref name="size"/> bytes, followed by <paramref name="data"/> (which may be shorter) and padding.</summary>
    public RawTar Entry(string name, char type = '0', byte[]? data = null, long? size = null, string link = "", string mode = "644",
        int uid = 0, int gid = 0, long mtime = 1_000_000_000, int major = 0, int minor = 0, Action<byte[]>? tweak = null)
    {
        data ??= [];
        var header = new byte[512];
        Put(header, 0, 100, Encoding.UTF8.GetBytes(name));
        Put(header, 100, 8, OctalField(Octal(mode), 8));
        Put(header, 108, 8, OctalField(uid, 8));
        Put(header, 116, 8, OctalField(gid, 8));
        Put(header, 124, 12, OctalField(size ?? data.Length, 12));
        Put(header, 136, 12, OctalField(mtime, 12));
        header[156] = (byte)type;
        Put(header, 157, 100, Encoding.UTF8.GetBytes(link));
        Put(header, 257, 8, "ustar\000"u8.ToArray());
        Put(header, 329, 8, OctalField(major, 8));
        Put(header, 337, 8, OctalField(minor, 8));
        tweak?.Invoke(header);
        Checksum(header);
        _output.Write(header);
        _output.Write(data);
        _output.Write(new byte[(512 - data.Length % 512) % 512]);
        return this;
    }

    public RawTar File(string name, string content, string mode = "644") => Entry(name, '0', Encoding.UTF8.GetBytes(content), mode: mode);

    public RawTar Dir(string name, string mode = "755") => Entry(name, '5', mode: mode);

    public RawTar Symlink(string name, string target) => Entry(name, '2', link: target, mode: "777");

    public RawTar HardLink(string name, string target) => Entry(name, '1', link: target);

    /// <summary>A PAX extended header ('x') whose records apply to the next entry.</summary>
    public RawTar Pax(params (string Key, byte[] Value)[] records)
    {
        var data = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var body = Encoding.UTF8.GetByteCount(key) + value.Length + 3;
            var length = body + 1;
            while (length != body + length.ToString().Length) length = body + length.ToString().Length;
            data.Write(Encoding.ASCII.GetBytes($"{length} {key}="));
            data.Write(value);
            data.WriteByte((byte)'\n');
        }
        return Entry("PaxHeaders.0/next", 'x', data.ToArray());
    }

    public RawTar Raw(byte[] bytes)
    {
        _output.Write(bytes);
        return this;
    }

    public RawTar End() => Raw(new byte[1024]);

    public byte[] ToArray() => _output.ToArray();

    public static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }

    public static byte[] OctalField(long value, int width) => Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(width - 1, '0') + "\0");

    static void Put(byte[] header, int offset, int width, byte[] value) => value.AsSpan(0, Math.Min(width, value.Length)).CopyTo(header.AsSpan(offset));

    public static void Checksum(byte[] header)
    {
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => b);
        Put(header, 148, 7, OctalField(sum, 7));
    }
}
