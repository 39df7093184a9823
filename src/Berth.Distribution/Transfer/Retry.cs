// Which transfer failures deserve another try (a dropped connection, a server error, a rate limit) and which do not
// (a missing blob, a refused login, content that does not match its digest), and how long to wait before it.
using System.Net;

namespace Berth.Distribution;

static class Retry
{
    public static bool IsTransient(Exception e) => e switch
    {
        RegistryClientException { StatusCode: { } status } => (int)status >= 500
            || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
        // Could not connect, or the connection failed or timed out: the next try may find the registry back.
        RegistryClientException { InnerException: HttpRequestException or OperationCanceledException } => true,
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>The wait before the next try: <paramref name="first"/>, doubled for every failure after the first.</summary>
    public static TimeSpan Delay(TimeSpan first, int failures) => first * Math.Pow(2, Math.Max(0, failures - 1));
}
