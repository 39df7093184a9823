// Watches a tar stream on its way into TarReader, following its framing block by block. It checks header checksums
// (TarReader does not), refuses metadata entries (PAX headers, GNU long names) claiming more than 1 MiB, which
// TarReader would buffer whole (a 2 GB claim costs it gigabytes), and keeps each entry's PAX xattrs as raw bytes
// (TarReader decodes them as text and cannot parse some binary ones: see PaxXattrMask).
using System.Globalization;
using System.Text;

namespace Berth.Oci;

sealed class TarHeaderGuard(Stream inner) : Stream
{
    public const int MaxMetadataSize = 1 << 20;
    const int BlockSize = TarEntryHeader.BlockSize;
    const string XattrPrefix = "SCHILY.xattr.";
    static readonly Dictionary<string, byte[]> NoXattrs = [];

    readonly byte[] _header = new byte[BlockSize];
    int _headerFill;
    long _dataLeft;
    byte[]? _pax;
    int _paxFill;
    byte _previousType;
    long? _pendingSize;
    Dictionary<string, byte[]>? _pendingXattrs;
    bool _ended;
    readonly PaxXattrMask _mask = new();

    /// <summary>The raw SCHILY.xattr.* records of the last entry header read (the entry TarReader just returned).</summary>
    public IReadOnlyDictionary<string, byte[]> Xattrs { get; private set; } = NoXattrs;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <remarks>Observing may rewrite bytes in <paramref name="buffer"/> (see <see cref="PaxXattrMask"/>).</remarks>
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Observe(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var read = await inner.ReadAsync(buffer, ct);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    void Observe(Span<byte> data)
    {
        while (!data.IsEmpty && !_ended)
        {
            if (_dataLeft > 0)
            {
                var take = (int)Math.Min(_dataLeft, data.Length);
                if (_pax is not null)
                {
                    var keep = Math.Min(take, _pax.Length - _paxFill);
                    data[..keep].CopyTo(_pax.AsSpan(_paxFill));
                    _mask.Apply(data[..keep]);
                    _paxFill += keep;
                    // Before TarReader gets the last byte, so a bad record fails here with a clear message.
                    if (_paxFill == _pax.Length) ParsePax();
                }
                _dataLeft -= take;
                data = data[take..];
                continue;
            }
            var headerTake = Math.Min(BlockSize - _headerFill, data.Length);
            data[..headerTake].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += headerTake;
            data = data[headerTake..];
            if (_headerFill < BlockSize) continue;
            _headerFill = 0;
            OnHeader();
        }
    }

    void OnHeader()
    {
        // TarReader ends the archive at a header whose checksum is empty or zero; so does the guard.
        var checksum = _header.AsSpan(148, 8);
        var recorded = checksum.ContainsAnyExcept((byte)0) ? ParseNumber(checksum, "checksum") : 0;
        if (recorded == 0)
        {
            _ended = true;
            return;
        }
        if (!ChecksumMatches(recorded))
            throw new InvalidLayerException("layer is malformed: a tar header's checksum does not match its contents");
        var type = _header[156];
        var isMetadata = type is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K';
        // TarReader reads these chains in ways that do not agree on where the next header starts; refuse them.
        if ((_previousType == 'x' && isMetadata) || (_previousType is (byte)'L' or (byte)'K' && type is (byte)'x' or (byte)'g'))
            throw new InvalidLayerException($"layer is malformed: a '{(char)_previousType}' tar header is followed by a '{(char)type}' header");

        var size = _pendingSize ?? ParseNumber(_header.AsSpan(124, 12), "size");
        _pendingSize = null;
        if (isMetadata && size > MaxMetadataSize)
            throw new InvalidLayerException(
                $"layer refused: a '{(char)type}' tar metadata header claims {size} bytes; more than {MaxMetadataSize} is not accepted");
        if (type == 'x')
        {
            _pax = new byte[size];
            _paxFill = 0;
            _mask.Start();
            if (size == 0) ParsePax();
        }
        else if (!isMetadata)
        {
            Xattrs = _pendingXattrs ?? NoXattrs;
            _pendingXattrs = null;
        }
        _previousType = type;
        _dataLeft = size + TarEntryHeader.Padding(size);
    }

    /// <summary>Reads "&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n" records: the size the next header really has, and its xattrs.</summary>
    void ParsePax()
    {
        ReadOnlySpan<byte> data = _pax;
        _pax = null;
        while (!data.IsEmpty)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space + 2 || length > data.Length || data[length - 1] != '\n')
                throw new InvalidLayerException("layer is malformed: a PAX header has a malformed record");
            var record = data[(space + 1)..(length - 1)];
            data = data[length..];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0) throw new InvalidLayerException("layer is malformed: a PAX record has no key");
            var key = Encoding.UTF8.GetString(record[..equals]);
            var value = record[(equals + 1)..];
            if (key == "size")
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    throw new InvalidLayerException("layer is malformed: a PAX size record is not a number");
                _pendingSize = size;
            }
            else if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
            {
                (_pendingXattrs ??= new(StringComparer.Ordinal))[key[XattrPrefix.Length..]] = value.ToArray();
            }
        }
    }

    /// <summary>The header's byte sum with the checksum field counted as spaces; old writers summed signed bytes.</summary>
    bool ChecksumMatches(long recorded)
    {
        long unsigned = 0, signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : _header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        return recorded == unsigned || recorded == signed;
    }

    /// <summary>A numeric header field as TarReader reads it: octal text, or GNU base-256 after a 0x80 byte.</summary>
    static long ParseNumber(ReadOnlySpan<byte> field, string name)
    {
        if (field[0] == 0x80)
        {
            long value = 0;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8)) throw Malformed(name);
                value = (value << 8) | b;
            }
            return value;
        }
        var nul = field.IndexOf((byte)0);
        var text = (nul >= 0 ? field[..nul] : field).Trim((byte)' ');
        long result = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7' || result > (long.MaxValue >> 3)) throw Malformed(name);
            result = (result << 3) | (uint)(b - '0');
        }
        return result;
    }

    static InvalidLayerException Malformed(string field) => new($"layer is malformed: a tar header's {field} field is not a valid number");
}
