// A read stream that hands out a buffer in small pieces with a pause between them, so a test can kill a
// server while a request body is still arriving.
namespace Berth.E2E.Tests;

public sealed class ThrottledStream(byte[] data, int pieceSize, TimeSpan pause) : Stream
{
    int _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_position >= data.Length) return 0;
        await Task.Delay(pause, ct);
        var count = Math.Min(Math.Min(pieceSize, buffer.Length), data.Length - _position);
        data.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
