// How an ImagePusher pushes: how many blobs to upload at once, and how often to try an upload that fails
// (a dropped connection or a server error; a refused login or a bad digest is not tried again).
namespace Berth.Distribution;

public sealed record PushOptions
{
    public int MaxConcurrentUploads { get; init; } = 3;

    /// <summary>Tries per blob, the first included; each retry starts a fresh upload.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
