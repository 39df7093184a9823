// A request that fails, carrying the Kubernetes Status the client gets (code, reason, message, details with
// causes), so every layer throws one kind of error and one place writes it.
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Rest;

public sealed record StatusCause(string Field, string Message, string Reason = "FieldValueRequired");

public sealed class ApiException(int code, string reason, string message, string? kind = null, string? name = null, IReadOnlyList<StatusCause>? causes = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(),
            ["status"] = "Failure", ["message"] = Message, ["reason"] = Reason, ["code"] = Code,
        };
        if (kind is not null || name is not null || causes is not null)
        {
            var details = new JsonObject();
            if (name is not null) details["name"] = name;
            if (kind is not null) details["kind"] = kind;
            if (causes is not null)
                details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field }).ToArray());
            status["details"] = details;
        }
        return status;
    }

    public static ApiException NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", resource, name);

    public static ApiException AlreadyExists(string resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", resource, name);

    public static ApiException Conflict(string resource, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", resource, name);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(string kind, string name, IReadOnlyList<StatusCause> causes) =>
        new(422, "Invalid", $"{kind} \"{name}\" is invalid: {string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"))}", kind, name, causes);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/vnd.kubernetes.protobuf, application/merge-patch+json, application/strategic-merge-patch+json, application/json-patch+json, application/apply-patch+yaml (got {contentType})");

    public static ApiException ResourceNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");
}
