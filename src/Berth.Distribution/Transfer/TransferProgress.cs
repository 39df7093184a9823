// One event about one blob of a pull or push, enough to draw a progress bar per layer: which blob, how many of
// its bytes have moved, and what is happening to it. Events arrive from the transfer tasks, several at once.
using Berth.Oci;

namespace Berth.Distribution;

public enum TransferState
{
    /// <summary>Queued behind the transfers already running.</summary>
    Waiting,
    Downloading,
    Uploading,
    /// <summary>All bytes moved; the digest is being checked and the blob committed (locally for a pull, by the registry for a push).</summary>
    Verifying,
    /// <summary>The transfer failed and will be tried again; <see cref="TransferProgress.Error"/> says why.</summary>
    Retrying,
    Done,
    /// <summary>Already there: in the local store for a pull, in the registry for a push.</summary>
    Skipped,
    /// <summary>Pushed by mounting it from another repository of the same registry; no bytes moved.</summary>
    Mounted,
    Failed,
}

public sealed record TransferProgress(Digest Digest, string MediaType, long Done, long Total, TransferState State, string? Error = null);
