// One routed request: the HTTP context, the repository name and the route's argument (digest, tag, upload id),
// plus the stores the handlers work on.
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

public sealed record RegistryRequest(HttpContext Http, string Name, string Argument, RegistryStorage Storage, RegistryOptions Options)
{
    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;
    public CancellationToken Aborted => Http.RequestAborted;

    public Digest ArgumentDigest(RegistryError ifInvalid) =>
        Digest.TryParse(Argument, out var digest, out var error) ? digest : throw ifInvalid.With(error);

    public string? Query(string key) => Request.Query.TryGetValue(key, out var v) ? v.ToString() : null;

    /// <summary>Refuses a DELETE when deletes are disabled; <paramref name="allowed"/> are the route's other methods.</summary>
    public void RequireDeletes(params string[] allowed)
    {
        if (!Options.DeleteEnabled)
            throw Router.NotAllowed(RegistryError.Unsupported, "deletes are disabled on this registry (it was started with --disable-delete)", allowed);
    }
}
