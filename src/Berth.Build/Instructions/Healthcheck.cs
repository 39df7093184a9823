// The image config's health check, in Docker's shape: Test is ["NONE"], ["CMD", args...] or ["CMD-SHELL", "text"];
// a zero interval, timeout, start period, start interval or retry count means "use the default".
namespace Berth.Build;

public sealed record Healthcheck(
    IReadOnlyList<string> Test,
    TimeSpan Interval,
    TimeSpan Timeout,
    TimeSpan StartPeriod,
    TimeSpan StartInterval,
    int Retries);
