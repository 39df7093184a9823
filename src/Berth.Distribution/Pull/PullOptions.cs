// How an ImagePuller pulls: which platform to take from an index, how many blobs to download at once,
// and how often to try a download that fails on the way.
using Berth.Oci;

namespace Berth.Distribution;

public sealed record PullOptions
{
    public Platform Platform { get; init; } = PlatformMatcher.Default;

    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>Tries per blob, the first included; a retry resumes from the last byte received when the registry allows.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A download that receives nothing for this long is given up and tried again, rather than hanging the pull.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
