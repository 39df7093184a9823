// An HTTP stack that drops the first request matching a condition, as a connection reset would, and passes
// everything else to a real SocketsHttpHandler: a fake for the one failure a real registry will not produce on cue.
namespace Berth.Distribution.Tests.Support;

sealed class FailingHandler(Func<HttpRequestMessage, bool> failFirst) : DelegatingHandler(new SocketsHttpHandler())
{
    int _failed;

    public int Failures => Volatile.Read(ref _failed);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (failFirst(request) && Interlocked.CompareExchange(ref _failed, 1, 0) == 0)
            throw new HttpRequestException(HttpRequestError.ConnectionError, "the connection was reset (dropped by the test)");
        return base.SendAsync(request, ct);
    }
}
