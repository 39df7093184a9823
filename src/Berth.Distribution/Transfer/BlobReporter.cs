// Reports one blob's progress: every change of state, and byte counts in steps of at least 1% (and 64 KiB),
// so that a large layer does not call the progress callback for every buffer.
using Berth.Oci;

namespace Berth.Distribution;

sealed class BlobReporter(IProgress<TransferProgress>? progress, Descriptor blob)
{
    const long MinimumStep = 64 << 10;
    readonly long _step = Math.Max(MinimumStep, blob.Size / 100);
    long _reported = -1;

    public Descriptor Blob => blob;

    public void State(TransferState state, long done, string? error = null)
    {
        _reported = done;
        progress?.Report(new TransferProgress(blob.Digest, blob.MediaType, done, blob.Size, state, error));
    }

    public void Bytes(TransferState state, long done)
    {
        if (done - _reported >= _step || (done == blob.Size && done != _reported)) State(state, done);
    }
}
