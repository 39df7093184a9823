// How much history the compactor keeps: enough for watchers and paged lists to catch up after a pause,
// bounded both in time and in revisions.
namespace Berth.ApiServer.Storage;

public sealed record CompactorOptions
{
    /// <summary>How often to look at the store's revision and compact.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>History younger than this is kept (kube-apiserver compacts etcd every 5 minutes).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Never more revisions than this are kept, however young, so a burst of writes cannot grow the store without bound.</summary>
    public long MaxRetainedRevisions { get; init; } = 100_000;
}
