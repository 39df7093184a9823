// Maps /v2/... paths to the route families. Repository names contain slashes, so the route is found by
// its keyword from the right (the part after it never contains a slash).
using System.Text.Json;
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

public sealed class Router(RegistryStorage storage, RegistryOptions options)
{
    public async Task HandleAsync(HttpContext http)
    {
        http.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        try { await DispatchAsync(http); }
        catch (RegistryException e) { await WriteErrorAsync(http, e); }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            await WriteErrorAsync(http, RegistryError.BlobUploadInvalid.With(e.Message));
        }
    }

    Task DispatchAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var method = http.Request.Method;
        if (path is "/v2" or "/v2/")
            return Only(method, ["GET", "HEAD"], () => WriteJsonAsync(http, "{}"));
        if (!path.StartsWith("/v2/")) throw RegistryError.NotFound.With($"{path} is not a registry API path");
        var rest = path[4..];
        if (rest is "_catalog" or "_catalog/")
            return Only(method, ["GET"], () => Catalog.ListAsync(Request(http, "", "")));

        if (Split(rest, "/blobs/uploads/", out var name, out var arg) || SplitEnd(rest, "/blobs/uploads", out name))
        {
            var r = Request(http, name, arg);
            if (arg.Length == 0) return Only(method, ["POST"], () => Uploads.StartAsync(r));
            return method switch
            {
                "PATCH" => Uploads.PatchAsync(r),
                "PUT" => Uploads.PutAsync(r),
                "GET" => Uploads.StatusAsync(r),
                "DELETE" => Uploads.CancelAsync(r),
                _ => throw NotAllowed(method, path, "GET", "PATCH", "PUT", "DELETE"),
            };
        }
        if (Split(rest, "/blobs/", out name, out arg))
        {
            var r = Request(http, name, arg);
            return method switch
            {
                "GET" => Blobs.GetAsync(r, head: false),
                "HEAD" => Blobs.GetAsync(r, head: true),
                "DELETE" => Blobs.DeleteAsync(r),
                _ => throw NotAllowed(method, path, "GET", "HEAD", "DELETE"),
            };
        }
        if (Split(rest, "/manifests/", out name, out arg))
        {
            var r = Request(http, name, arg);
            return method switch
            {
                "GET" => Manifests.GetAsync(r, head: false),
                "HEAD" => Manifests.GetAsync(r, head: true),
                "PUT" => Manifests.PutAsync(r),
                "DELETE" => Manifests.DeleteAsync(r),
                _ => throw NotAllowed(method, path, "GET", "HEAD", "PUT", "DELETE"),
            };
        }
        if (SplitEnd(rest, "/tags/list", out name))
            return Only(method, ["GET"], () => Tags.ListAsync(Request(http, name, "")));
        if (Split(rest, "/referrers/", out name, out arg))
            return Only(method, ["GET"], () => Referrers.ListAsync(Request(http, name, arg)));
        throw RegistryError.NotFound.With($"{path} is not a registry API path");
    }

    RegistryRequest Request(HttpContext http, string name, string argument)
    {
        if (name.Length > 0 && !ImageReference.IsValidRepositoryName(name))
            throw RegistryError.NameInvalid.With($"\"{name}\" is not a valid repository name (lowercase letters, digits and separators . _ __ - and /)");
        return new RegistryRequest(http, name, argument, storage, options);
    }

    static bool Split(string rest, string keyword, out string name, out string argument)
    {
        var at = rest.LastIndexOf(keyword, StringComparison.Ordinal);
        (name, argument) = at > 0 ? (rest[..at], rest[(at + keyword.Length)..]) : ("", "");
        return at > 0 && !argument.Contains('/');
    }

    static bool SplitEnd(string rest, string keyword, out string name)
    {
        var trimmed = rest.TrimEnd('/');
        var match = trimmed.EndsWith(keyword, StringComparison.Ordinal) && trimmed.Length > keyword.Length;
        name = match ? trimmed[..^keyword.Length] : "";
        return match;
    }

    static Task Only(string method, string[] allowed, Func<Task> handler) =>
        allowed.Contains(method) ? handler() : throw NotAllowed(RegistryError.MethodNotAllowed, $"{method} is not allowed here (use {string.Join(" or ", allowed)})", allowed);

    static RegistryException NotAllowed(string method, string path, params string[] allowed) =>
        NotAllowed(RegistryError.MethodNotAllowed, $"{method} is not allowed on {path}", allowed);

    /// <summary>A 405 with the Allow header HTTP requires on it (RFC 9110, 15.5.6).</summary>
    public static RegistryException NotAllowed(RegistryError error, string detail, params string[] allowed) =>
        error.With(detail, new Dictionary<string, string> { ["Allow"] = string.Join(", ", allowed) });

    static async Task WriteJsonAsync(HttpContext http, string json)
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, http.RequestAborted);
    }

    public static async Task WriteErrorAsync(HttpContext http, RegistryException e)
    {
        if (http.Response.HasStarted) { http.Abort(); return; }
        http.Response.Clear();
        http.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        http.Response.StatusCode = (int)e.Error.Status;
        foreach (var (key, value) in e.Headers ?? new Dictionary<string, string>()) http.Response.Headers[key] = value;
        var body = new ErrorList([new ErrorEntry(e.Error.Code, e.Error.Message, e.Detail)]);
        if (HttpMethods.IsHead(http.Request.Method)) return;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(body, RegistryJsonContext.Default.ErrorList), http.RequestAborted);
    }
}
