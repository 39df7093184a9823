// CRI times are Unix nanoseconds (created_at, started_at, finished_at, timestamps); 0 means "not yet".
namespace Berth.Runtime.Cri;

static class CriTime
{
    public static long Nanoseconds(DateTimeOffset? time) =>
        time is { } t ? (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 : 0;

    public static long Now() => Nanoseconds(DateTimeOffset.UtcNow);
}
