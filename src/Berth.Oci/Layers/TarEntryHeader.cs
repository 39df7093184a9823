// One tar entry header as Berth writes it: a ustar block, preceded by a PAX extended header only for values ustar
// cannot hold (long names, large ids, sizes or times, xattrs). Encoded here rather than by TarWriter, whose PAX
// headers carry the writer's process id in their name, so the same directory would give a different layer per run.
using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace Berth.Oci;

sealed record TarEntryHeader
{
    public const int BlockSize = 512;
    const long MaxOctal7 = (1L << 21) - 1, MaxOctal11 = (1L << 33) - 1;

    public required string Name { get; init; }
    public required TarEntryType Type { get; init; }
    public UnixFileMode Mode { get; init; }
    public int Uid { get; init; }
    public int Gid { get; init; }
    public long Size { get; init; }
    /// <summary>Seconds since the Unix epoch; layers record whole seconds, as Docker and BuildKit write them.</summary>
    public long ModificationTime { get; init; }
    public string LinkName { get; init; } = "";
    public int DeviceMajor { get; init; }
    public int DeviceMinor { get; init; }
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The header blocks (PAX header and its records if needed, then the ustar block), 512-byte aligned.</summary>
    public byte[] Encode()
    {
        var name = Encoding.UTF8.GetBytes(Name);
        var link = Encoding.UTF8.GetBytes(LinkName);
        var records = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (name.Length > 100) records["path"] = name;
        if (link.Length > 100) records["linkpath"] = link;
        if ((uint)Uid > MaxOctal7) records["uid"] = Decimal((uint)Uid);
        if ((uint)Gid > MaxOctal7) records["gid"] = Decimal((uint)Gid);
        if (Size > MaxOctal11) records["size"] = Decimal(Size);
        if (ModificationTime is < 0 or > MaxOctal11) records["mtime"] = Decimal(ModificationTime);
        foreach (var (key, value) in Xattrs) records["SCHILY.xattr." + key] = value;

        var output = new MemoryStream();
        if (records.Count > 0)
        {
            var data = PaxRecords(records);
            output.Write(Block(PaxHeaderName(Name), TarEntryType.ExtendedAttributes, (UnixFileMode)0b110_100_100, 0, 0, data.Length, 0, [], 0, 0));
            output.Write(data);
            output.Write(new byte[Padding(data.Length)]);
        }
        output.Write(Block(name, Type, Mode, Fit(Uid), Fit(Gid), Size > MaxOctal11 ? 0 : Size,
            ModificationTime is < 0 or > MaxOctal11 ? 0 : ModificationTime, link, DeviceMajor, DeviceMinor));
        return output.ToArray();
    }

    public static int Padding(long size) => (int)((BlockSize - size % BlockSize) % BlockSize);

    static long Fit(int id) => (uint)id > MaxOctal7 ? 0 : id;

    static byte[] Block(ReadOnlySpan<byte> name, TarEntryType type, UnixFileMode mode, long uid, long gid, long size, long mtime,
        ReadOnlySpan<byte> link, int major, int minor)
    {
        var block = new byte[BlockSize];
        name[..Math.Min(name.Length, 100)].CopyTo(block);
        Octal(block.AsSpan(100, 8), (long)mode);
        Octal(block.AsSpan(108, 8), uid);
        Octal(block.AsSpan(116, 8), gid);
        Octal(block.AsSpan(124, 12), size);
        Octal(block.AsSpan(136, 12), mtime);
        block[156] = (byte)type;
        link[..Math.Min(link.Length, 100)].CopyTo(block.AsSpan(157));
        "ustar\000"u8.CopyTo(block.AsSpan(257));
        Octal(block.AsSpan(329, 8), major);
        Octal(block.AsSpan(337, 8), minor);
        block.AsSpan(148, 8).Fill((byte)' ');
        var checksum = 0;
        foreach (var b in block) checksum += b;
        Octal(block.AsSpan(148, 7), checksum);
        return block;
    }

    /// <summary>Zero-padded octal filling all but the last byte, which is NUL.</summary>
    static void Octal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }

    static byte[] Decimal(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>"&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n" records, where the length counts its own digits.</summary>
    static byte[] PaxRecords(SortedDictionary<string, byte[]> records)
    {
        var output = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            var body = keyBytes.Length + value.Length + 3;
            var length = body + 1;
            while (length != body + DigitCount(length)) length = body + DigitCount(length);
            output.Write(Encoding.ASCII.GetBytes($"{length} "));
            output.Write(keyBytes);
            output.WriteByte((byte)'=');
            output.Write(value);
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    static int DigitCount(int n) => n.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>"dir/PaxHeaders.0/base", the fixed name Go's archive/tar gives PAX headers.</summary>
    static byte[] PaxHeaderName(string name)
    {
        var trimmed = name.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        var path = slash < 0 ? $"PaxHeaders.0/{trimmed}" : $"{trimmed[..slash]}/PaxHeaders.0/{trimmed[(slash + 1)..]}";
        return Encoding.UTF8.GetBytes(path);
    }
}
