// Starts the API server: certificates and token from the data dir, the system namespaces and the kubernetes service, and Kestrel serving
// HTTPS on the bind address. The returned RunningApiServer knows its URL, CA and token, and stops on dispose.
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Api;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;
using Berth.ApiServer.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Hosting;

public sealed record RunningApiServer(WebApplication App, Uri Url, string CaPath, string Token) : IAsyncDisposable
{
    public Task WriteKubeconfigAsync(string path, CancellationToken ct) => Kubeconfig.WriteAsync(path, Url, CaPath, Token, ct);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public static class ApiServerHost
{
    static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static async Task<RunningApiServer> StartAsync(ApiServerOptions options, CancellationToken ct)
    {
        Directory.CreateDirectory(options.DataDir);
        var certificates = ServingCertificates.LoadOrCreate(options.DataDir, options.BindAddress);
        var token = AdminToken.LoadOrCreate(options.DataDir);
        var registry = ResourceRegistry.Default;
        await CreateSystemNamespacesAsync(options.Store, registry, ct);
        await CreateKubernetesServiceAsync(options.Store, registry, ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        options.Logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(options.BindAddress, options.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(certificates.Serving);
            });
        });
        var app = builder.Build();
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        var objects = new ObjectStore(options.Store);
        var router = new ApiRouter(registry, new ResourceHandler(objects, registry, new WatchHandler(objects, logs.CreateLogger<WatchHandler>())),
            new Discovery(registry), new OpenApiV3(registry), token, logs.CreateLogger<ApiRouter>());
        app.Run(router.HandleAsync);
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = options.BindAddress.Equals(IPAddress.Any) ? "127.0.0.1" : options.BindAddress.ToString();
        return new RunningApiServer(app, new Uri($"https://{host}:{address.Port}"), certificates.CaPath, token);
    }

    // The `kubernetes` service in default, which every cluster has, at the first address of the service CIDR.
    static async Task CreateKubernetesServiceAsync(IKeyValueStore store, ResourceRegistry registry, CancellationToken ct)
    {
        var key = registry.Find("", "v1", "services")!.Key("default", "kubernetes");
        if (await store.GetAsync(key, ct) is not null) return;
        var service = new JsonObject
        {
            ["kind"] = "Service", ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes", ["namespace"] = "default", ["uid"] = Guid.NewGuid().ToString(),
                ["creationTimestamp"] = KubeObject.FormatTime(DateTimeOffset.UtcNow),
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP", ["clusterIP"] = "10.43.0.1", ["clusterIPs"] = new JsonArray("10.43.0.1"), ["sessionAffinity"] = "None",
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 6443 }),
            },
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
        };
        try { await store.CreateAsync(key, Encoding.UTF8.GetBytes(service.ToJsonString()), ct); }
        catch (KeyExistsException) { }
    }

    static async Task CreateSystemNamespacesAsync(IKeyValueStore store, ResourceRegistry registry, CancellationToken ct)
    {
        foreach (var name in SystemNamespaces)
        {
            var key = registry.Namespaces.Key(null, name);
            if (await store.GetAsync(key, ct) is not null) continue;
            var ns = new JsonObject
            {
                ["kind"] = "Namespace", ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = KubeObject.FormatTime(DateTimeOffset.UtcNow),
                    ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
                },
                ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            };
            try { await store.CreateAsync(key, Encoding.UTF8.GetBytes(ns.ToJsonString()), ct); }
            catch (KeyExistsException) { }
        }
    }
}
