// The client for one registry host: it picks http or https, keeps connections open across requests, and
// authenticates the way the registry challenges. Manifest, blob, upload and tag calls live in RegistryClient.*.cs.
using System.Net;

namespace Berth.Distribution;

public sealed partial class RegistryClient : IDisposable
{
    const string DockerHub = "docker.io";
    const string DockerHubApi = "registry-1.docker.io";

    readonly HttpClient _http;
    readonly Authenticator _auth;

    /// <param name="registry">The registry as image references name it: "localhost:5000", "quay.io", "docker.io".</param>
    /// <param name="handler">The HTTP stack to use instead of the client's own (to observe or redirect requests).</param>
    public RegistryClient(string registry, RegistryClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        options ??= new RegistryClientOptions();
        var host = registry == DockerHub ? DockerHubApi : registry;
        var plain = IsLoopback(registry) || IsListed(registry, options.InsecureRegistries);
        if (!Uri.TryCreate($"{(plain ? "http" : "https")}://{host}/", UriKind.Absolute, out var baseAddress) || baseAddress.AbsolutePath != "/")
            throw new ArgumentException($"registry \"{registry}\" is not a host or host:port", nameof(registry));
        Registry = registry;
        BaseAddress = baseAddress;
        _http = new HttpClient(handler ?? CreateHandler(options)) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _auth = new Authenticator(registry, options.Credentials?.Invoke(registry), _http);
    }

    public string Registry { get; }

    /// <summary>Where the API lives: http for loopback and insecure registries, https otherwise.</summary>
    public Uri BaseAddress { get; }

    public void Dispose() => _http.Dispose();

    static SocketsHttpHandler CreateHandler(RegistryClientOptions options) => new()
    {
        ConnectTimeout = options.ConnectTimeout,
        MaxConnectionsPerServer = options.MaxConnections,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        // A blob is stored exactly as served; transparent decompression would change what its digest covers.
        AutomaticDecompression = DecompressionMethods.None,
        // Blob downloads may be redirected to storage (S3 and the like); the handler drops Authorization on the way.
        AllowAutoRedirect = true,
    };

    /// <summary>
    /// Sends a request built by <paramref name="build"/>, authorised for <paramref name="scopes"/>; on a 401 it learns
    /// the registry's challenge and sends a fresh request once more. Any status is returned for the caller to judge.
    /// </summary>
    internal async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = build();
            // Credentials are for this registry only, never for a host an upload Location points elsewhere.
            if (request.RequestUri!.Authority == BaseAddress.Authority) await _auth.AuthorizeAsync(request, scopes, ct);
            var response = await TransportFailure.SendAsync(_http, request, $"registry {Registry}", Registry, ct);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0) return response;
            if (_auth.Challenged(response, request, scopes) is not { } retryScopes) return response;
            response.Dispose();
            scopes = retryScopes;
        }
    }

    Uri Api(string path) => new(BaseAddress, path);

    /// <summary>A Location or Link target: absolute, or relative to the registry. Read as text, because on Linux
    /// System.Uri takes "/v2/…" for an absolute file path.</summary>
    Uri Resolve(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? new Uri(location)
            : new Uri(BaseAddress, location);

    static bool IsLoopback(string registry)
    {
        var host = HostOf(registry);
        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    static bool IsListed(string registry, IReadOnlyCollection<string> insecure) =>
        insecure.Contains(registry, StringComparer.OrdinalIgnoreCase) || insecure.Contains(HostOf(registry), StringComparer.OrdinalIgnoreCase);

    static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']');
            return close > 0 ? registry[1..close] : registry;
        }
        var colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }
}
