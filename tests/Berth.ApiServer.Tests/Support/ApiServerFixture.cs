// A real API server on a free loopback port over a SQLite store in a temp dir, and an HttpClient that trusts
// only the server's own CA and sends the admin token, as kubectl would with the written kubeconfig.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Hosting;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Sqlite;

namespace Berth.ApiServer.Tests.Support;

sealed class ApiServerFixture : IAsyncDisposable
{
    readonly TempDir _dir = new();
    IKeyValueStore _store = null!;

    public RunningApiServer Server { get; private set; } = null!;
    public IKeyValueStore Store => _store;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A server over <paramref name="store"/>, or over a new SQLite database when it is null; the fixture disposes the store.</summary>
    public static async Task<ApiServerFixture> StartAsync(IKeyValueStore? store = null)
    {
        var fixture = new ApiServerFixture();
        fixture._store = store ?? SqliteStore.Open(fixture._dir["state.db"]);
        fixture.Server = await ApiServerHost.StartAsync(new ApiServerOptions { DataDir = fixture._dir["server"], Store = fixture._store, Port = 0 }, CancellationToken.None);
        fixture.Http = fixture.Client(fixture.Server.Token);
        return fixture;
    }

    public HttpClient Client(string? token)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Server.CaPath);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return cert is not null && chain.Build(new X509Certificate2(cert));
                },
            },
        };
        var http = new HttpClient(handler) { BaseAddress = Server.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<(HttpStatusCode Code, JsonObject Body)> SendAsync(HttpMethod method, string path, object? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body is string s ? s : ((JsonNode)body).ToJsonString(), Encoding.UTF8, contentType);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) as JsonObject ?? new JsonObject());
    }

    public static JsonObject Pod(string name, string image = "busybox:1.36", Dictionary<string, string>? labels = null) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject((labels ?? []).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }) },
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }
}
