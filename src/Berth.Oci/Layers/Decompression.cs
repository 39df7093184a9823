// Recognises a layer's compression from its first bytes (whatever the media type claimed) and undoes it.
// Plain tar and gzip are read; zstd is recognised so that it fails with a clear message instead of as garbage.
using System.IO.Compression;

namespace Berth.Oci;

static class Decompression
{
    static readonly byte[] GzipMagic = [0x1f, 0x8b];
    static readonly byte[] ZstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

    /// <summary>The uncompressed tar stream of <paramref name="layer"/>, which stays open and owned by the caller.</summary>
    public static async Task<Stream> OpenAsync(Stream layer, CancellationToken ct)
    {
        var head = new byte[ZstdMagic.Length];
        var read = await layer.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var replayed = new ReplayStream(head[..read], layer);
        if (head.AsSpan(0, read).StartsWith(GzipMagic)) return new GZipStream(replayed, CompressionMode.Decompress);
        if (head.AsSpan(0, read).StartsWith(ZstdMagic))
            throw new InvalidLayerException("layer is zstd-compressed, which Berth cannot read yet; push it with gzip compression");
        return replayed;
    }

    /// <summary>Gives back the bytes read to sniff the format, then the rest of the layer; does not own the layer stream.</summary>
    sealed class ReplayStream(byte[] head, Stream rest) : Stream
    {
        int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => _position < head.Length ? FromHead(buffer) : rest.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            _position < head.Length ? ValueTask.FromResult(FromHead(buffer.Span)) : rest.ReadAsync(buffer, ct);

        int FromHead(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, head.Length - _position);
            head.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
