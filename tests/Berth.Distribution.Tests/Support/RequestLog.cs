// Records every request a RegistryClient sends and the status it got back, so a test can assert what went over
// the wire (no blob downloads on a second pull, mounts instead of uploads).
using System.Collections.Concurrent;

namespace Berth.Distribution.Tests.Support;

sealed class RequestLog(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    public sealed record Entry(string Method, string PathAndQuery, int Status);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public int Count(string method, string pathContains) =>
        Entries.Count(e => e.Method == method && e.PathAndQuery.Contains(pathContains, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        Entries.Enqueue(new Entry(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode));
        return response;
    }
}
