// What a DELETE asks for (meta/v1 DeleteOptions, in the body or the query): a grace period, preconditions on
// uid and resourceVersion, and the propagation policy (read, but dependents are not collected yet).
using System.Text.Json.Nodes;
using Berth.Api;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

public sealed record DeleteOptions(long? GracePeriodSeconds, string? PreconditionUid, string? PreconditionResourceVersion, string? PropagationPolicy)
{
    public static async Task<DeleteOptions> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        JsonObject? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var node = await HttpJson.ReadBodyAsync(request, ct);
            body = node as JsonObject ?? throw ApiException.BadRequest("DeleteOptions must be a JSON object");
        }
        long? grace = body.Long("gracePeriodSeconds");
        if (long.TryParse(request.Query["gracePeriodSeconds"], out var g)) grace = g;
        return new DeleteOptions(grace, body.Str("preconditions", "uid"), body.Str("preconditions", "resourceVersion"),
            body.Str("propagationPolicy") ?? request.Query["propagationPolicy"].FirstOrDefault());
    }

    /// <exception cref="ApiException">409 Conflict when a precondition does not hold for <paramref name="current"/>.</exception>
    public void Check(string resource, JsonObject current)
    {
        var name = current.Name()!;
        if (PreconditionUid is not null && PreconditionUid != current.Uid())
            throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {PreconditionUid}, UID in object meta: {current.Uid()}", resource, name);
        if (PreconditionResourceVersion is not null && PreconditionResourceVersion != current.ResourceVersion())
            throw new ApiException(409, "Conflict", $"Precondition failed: ResourceVersion in precondition: {PreconditionResourceVersion}, ResourceVersion in object meta: {current.ResourceVersion()}", resource, name);
    }
}
