// An append-only file stream for large incoming content (uploads, ingests). It asks the kernel to start
// writing back every few MiB as data arrives, so the fsync that precedes the commit waits only for the tail.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Berth.Oci;

public sealed partial class DurableAppendStream : Stream
{
    const long WritebackEvery = 8 << 20;
    const uint SyncFileRangeWrite = 2;

    readonly SafeFileHandle _handle;
    long _position;
    long _writebackFrom;

    public DurableAppendStream(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Append, FileAccess.Write, FileShare.Read, FileOptions.Asynchronous);
        _position = _writebackFrom = RandomAccess.GetLength(_handle);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _position;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        RandomAccess.Write(_handle, buffer, _position);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        await RandomAccess.WriteAsync(_handle, buffer, _position, ct);
        Advance(buffer.Length);
    }

    void Advance(int written)
    {
        _position += written;
        if (_position - _writebackFrom < WritebackEvery) return;
        // Best effort: a filesystem without sync_file_range still gets the full fsync at commit.
        sync_file_range(_handle, _writebackFrom, _position - _writebackFrom, SyncFileRangeWrite);
        _writebackFrom = _position;
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <summary>Truncates (only shrinking is allowed: an upload takes back a chunk it refused).</summary>
    public override void SetLength(long value)
    {
        if (value > _position) throw new NotSupportedException("an append stream can only be truncated");
        RandomAccess.SetLength(_handle, value);
        _position = value;
        _writebackFrom = Math.Min(_writebackFrom, value);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _handle.Dispose();
        base.Dispose(disposing);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sync_file_range(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
