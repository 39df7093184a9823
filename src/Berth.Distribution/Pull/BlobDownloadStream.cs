// One blob's download as a single stream for the content store to hash and verify. When the connection drops or
// stalls mid-blob it reopens the blob from the byte it reached (a Range request) and goes on, within the retry budget.
using Berth.Oci;

namespace Berth.Distribution;

sealed class BlobDownloadStream(RegistryClient client, string repository, BlobReporter reporter, PullOptions options) : Stream
{
    readonly Descriptor _blob = reporter.Blob;
    BlobContent? _content;
    CancellationTokenSource? _stall;
    long _position;
    int _failures;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _blob.Size;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (true)
        {
            try
            {
                var read = await ReadOnceAsync(buffer, ct);
                // HttpClient reports a response cut short as an IOException; a clean end this early is the registry's
                // copy being shorter than the manifest says, which another try will not change.
                if (read == 0 && _position < _blob.Size)
                    throw new RegistryClientException($"registry {client.Registry} ended blob {_blob.Digest} after {_position} bytes, "
                        + $"but the manifest says it has {_blob.Size}; the registry's copy is damaged, push the image again",
                        code: RegistryErrorCodes.SizeInvalid);
                _position += read;
                if (read == 0) reporter.State(TransferState.Verifying, _position);
                else reporter.Bytes(TransferState.Downloading, _position);
                return read;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && Retry.IsTransient(e) && ++_failures < options.Attempts)
            {
                CloseResponse();
                reporter.State(TransferState.Retrying, _position, e.Message);
                await Task.Delay(Retry.Delay(options.RetryDelay, _failures), ct);
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    /// <summary>One read from the current response, opening it first if needed; silence for the stall timeout fails it.</summary>
    async Task<int> ReadOnceAsync(Memory<byte> buffer, CancellationToken ct)
    {
        try
        {
            if (_content is null)
            {
                _stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
                _stall.CancelAfter(options.StallTimeout);
                _content = await OpenAsync(_stall.Token);
            }
            _stall!.CancelAfter(options.StallTimeout);
            return await _content.Stream.ReadAsync(buffer, _stall.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new IOException($"registry {client.Registry} sent nothing for blob {_blob.Digest} in {options.StallTimeout.TotalSeconds:0.#} s", e);
        }
    }

    async Task<BlobContent> OpenAsync(CancellationToken ct)
    {
        var content = await client.OpenBlobAsync(repository, _blob.Digest, _position, ct);
        try
        {
            if (content.Offset > _position)
                throw new RegistryClientException($"registry {client.Registry} answered a request for blob {_blob.Digest} from byte {_position} "
                    + $"with content from byte {content.Offset}");
            // A registry that ignores Range sends the blob from its start again; drop what was received already.
            if (content.Offset < _position) await SkipAsync(content.Stream, _position - content.Offset, ct);
            reporter.State(TransferState.Downloading, _position);
            return content;
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    static async Task SkipAsync(Stream stream, long count, CancellationToken ct)
    {
        var buffer = new byte[64 << 10];
        while (count > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
            if (read == 0) throw new IOException("the registry ended the blob before the point where the download resumes");
            count -= read;
        }
    }

    // The content store reads asynchronously; blocking on the network here would only tie up a thread.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read a blob download asynchronously");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    void CloseResponse()
    {
        _content?.Dispose();
        _content = null;
        _stall?.Dispose();
        _stall = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseResponse();
        base.Dispose(disposing);
    }
}
