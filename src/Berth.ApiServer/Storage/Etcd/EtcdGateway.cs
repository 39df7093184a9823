// The HTTP side of etcd's v3 JSON gateway: unary calls (POST /v3/kv/...) and the watch stream (POST /v3/watch,
// one JSON response per line). No etcd or gRPC client package is available here, and etcd serves this on its client port.
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.ApiServer.Storage.Etcd;

sealed class EtcdGateway(Uri endpoint, TimeSpan requestTimeout) : IDisposable
{
    readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = endpoint,
        // Watches stream for as long as they are wanted; unary calls carry their own timeout.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Uri Endpoint => endpoint;

    public async Task<TResponse> CallAsync<TRequest, TResponse>(string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(requestTimeout);
        try
        {
            using var response = await _http.PostAsync(path, JsonContent.Create(request, requestType), timeout.Token);
            await ThrowIfFailedAsync(path, response, timeout.Token);
            return await response.Content.ReadFromJsonAsync(responseType, timeout.Token)
                ?? throw new EtcdException(path, $"empty response from {endpoint}", 0);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"etcd at {endpoint} did not answer {path} within {requestTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException e)
        {
            throw new EtcdException(path, $"cannot reach etcd at {endpoint}: {e.Message}", 14, e);
        }
    }

    /// <summary>The responses of one watch, until the stream ends or <paramref name="ct"/> is cancelled.</summary>
    public async IAsyncEnumerable<WatchResponse> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        const string path = "v3/watch";
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(request, EtcdJsonContext.Default.WatchRequest) };
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        await ThrowIfFailedAsync(path, response, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            var parsed = JsonSerializer.Deserialize(line, EtcdJsonContext.Default.WatchStreamLine);
            if (parsed?.Error is { } error) throw new EtcdException(path, error.Message ?? error.Error ?? line, error.Code);
            if (parsed?.Result is { } result) yield return result;
        }
    }

    static async Task ThrowIfFailedAsync(string path, HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(ct);
        GatewayError? error = null;
        try { error = JsonSerializer.Deserialize(body, EtcdJsonContext.Default.GatewayError); }
        catch (JsonException) { }
        throw new EtcdException(path, error?.Message ?? $"HTTP {(int)response.StatusCode}: {body}", error?.Code ?? 0);
    }

    public void Dispose() => _http.Dispose();
}
