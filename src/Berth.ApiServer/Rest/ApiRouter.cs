// The API server's one entry point: authentication, then /version, health, discovery, OpenAPI and resource
// URLs; every failure leaves as a Kubernetes Status object.
using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Rest;

public sealed class ApiRouter(ResourceRegistry registry, ResourceHandler resources, Discovery discovery, OpenApiV3 openApi, string adminToken, ILogger<ApiRouter> logger)
{
    static readonly JsonObject Version = new()
    {
        ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.0+berth", ["gitCommit"] = "berth", ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z", ["goVersion"] = "go1.23.4", ["compiler"] = "gc", ["platform"] = "linux/amd64",
    };

    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var path = http.Request.Path.Value ?? "/";
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // Like kube-apiserver's system:public-info-viewer: version and health are readable without credentials.
            if (path is "/healthz" or "/readyz" or "/livez") { http.Response.ContentType = "text/plain"; await http.Response.WriteAsync("ok", ct); return; }
            if (path == "/version") { await HttpJson.WriteAsync(http.Response, 200, Version, ct); return; }
            if (!Authenticated(http.Request)) throw new ApiException(401, "Unauthorized", "Unauthorized");
            await RouteAsync(http, path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries), ct);
        }
        catch (ApiException e)
        {
            logger.LogDebug("{Method} {Path} failed: {Code} {Reason} {Message}", http.Request.Method, path, e.Code, e.Reason, e.Message);
            if (!http.Response.HasStarted) await HttpJson.WriteAsync(http.Response, e.Code, e.ToStatus(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && !http.Response.HasStarted)
        {
            logger.LogError(e, "{Method} {Path} failed", http.Request.Method, path);
            await HttpJson.WriteAsync(http.Response, 500, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}").ToStatus(), ct);
        }
        finally
        {
            logger.LogDebug("{Method} {Path}{Query} {Code} in {Milliseconds:0.0} ms ({UserAgent})", http.Request.Method, path, http.Request.QueryString,
                http.Response.StatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.Request.Headers.UserAgent.ToString());
        }
    }

    bool Authenticated(HttpRequest request) =>
        request.Headers.Authorization.ToString() is var header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), System.Text.Encoding.UTF8.GetBytes(adminToken));

    async Task RouteAsync(HttpContext http, string[] segments, CancellationToken ct)
    {
        var accept = http.Request.Headers.Accept.ToString();
        switch (segments)
        {
            case ["api"] or ["apis"] when Discovery.AggregatedVersion(accept) is { } version:
                await HttpJson.WriteAsync(http.Response, 200, discovery.Aggregated(segments[0] == "api", version), ct, Discovery.AggregatedContentType(version));
                return;
            case ["api"]:
                await HttpJson.WriteAsync(http.Response, 200, Discovery.ApiVersions(), ct);
                return;
            case ["apis"]:
                await HttpJson.WriteAsync(http.Response, 200, discovery.ApiGroupList(), ct);
                return;
            case ["api", "v1"]:
                await HttpJson.WriteAsync(http.Response, 200, discovery.ResourceList("v1"), ct);
                return;
            case ["apis", var group] when registry.Groups.Contains(group):
                await HttpJson.WriteAsync(http.Response, 200, discovery.ApiGroup(group), ct);
                return;
            case ["apis", var group, var version] when registry.Resources.Any(r => r.Group == group && r.Version == version):
                await HttpJson.WriteAsync(http.Response, 200, discovery.ResourceList($"{group}/{version}"), ct);
                return;
            case ["openapi", "v3"]:
                await HttpJson.WriteAsync(http.Response, 200, openApi.Index(), ct);
                return;
            case ["openapi", "v3", .. var gv]:
                await HttpJson.WriteAsync(http.Response, 200, openApi.Document(string.Join('/', gv)) ?? throw ApiException.ResourceNotFound(), ct);
                return;
        }
        var target = RequestTarget.Parse(registry, segments) ?? throw ApiException.ResourceNotFound();
        await resources.HandleAsync(http, target, ct);
    }
}
