// The distribution spec's error codes, each with its HTTP status, in one table; every handler reports
// failures by throwing a RegistryException, and the router writes it as {"errors":[...]}.
using System.Net;

namespace Berth.Registry;

public sealed record RegistryError(string Code, HttpStatusCode Status, string Message)
{
    public static readonly RegistryError BlobUnknown = new("BLOB_UNKNOWN", HttpStatusCode.NotFound, "blob unknown to registry");
    public static readonly RegistryError BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", HttpStatusCode.BadRequest, "blob upload invalid");
    public static readonly RegistryError BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", HttpStatusCode.NotFound, "blob upload unknown to registry");
    public static readonly RegistryError DigestInvalid = new("DIGEST_INVALID", HttpStatusCode.BadRequest, "provided digest did not match uploaded content");
    public static readonly RegistryError ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", HttpStatusCode.BadRequest, "manifest references a manifest or blob unknown to registry");
    public static readonly RegistryError ManifestInvalid = new("MANIFEST_INVALID", HttpStatusCode.BadRequest, "manifest invalid");
    public static readonly RegistryError ManifestUnknown = new("MANIFEST_UNKNOWN", HttpStatusCode.NotFound, "manifest unknown to registry");
    public static readonly RegistryError NameInvalid = new("NAME_INVALID", HttpStatusCode.BadRequest, "invalid repository name");
    public static readonly RegistryError NameUnknown = new("NAME_UNKNOWN", HttpStatusCode.NotFound, "repository name not known to registry");
    public static readonly RegistryError SizeInvalid = new("SIZE_INVALID", HttpStatusCode.BadRequest, "provided length did not match content length");
    public static readonly RegistryError ManifestTooLarge = new("SIZE_INVALID", HttpStatusCode.RequestEntityTooLarge, "manifest too large");
    public static readonly RegistryError RangeInvalid = new("BLOB_UPLOAD_INVALID", HttpStatusCode.RequestedRangeNotSatisfiable, "requested range not satisfiable");
    public static readonly RegistryError Unauthorized = new("UNAUTHORIZED", HttpStatusCode.Unauthorized, "authentication required");
    public static readonly RegistryError Denied = new("DENIED", HttpStatusCode.Forbidden, "requested access to the resource is denied");
    public static readonly RegistryError Unsupported = new("UNSUPPORTED", HttpStatusCode.MethodNotAllowed, "the operation is unsupported");
    public static readonly RegistryError UnsupportedMediaType = new("UNSUPPORTED", HttpStatusCode.UnsupportedMediaType, "the media type is unsupported");
    public static readonly RegistryError PaginationInvalid = new("PAGINATION_NUMBER_INVALID", HttpStatusCode.BadRequest, "invalid number of results requested");
    public static readonly RegistryError NotFound = new("NOT_FOUND", HttpStatusCode.NotFound, "no route for this request");
    public static readonly RegistryError MethodNotAllowed = new("UNSUPPORTED", HttpStatusCode.MethodNotAllowed, "method not allowed on this route");

    public RegistryException With(string detail, IReadOnlyDictionary<string, string>? headers = null) => new(this, detail, headers);
}

public sealed class RegistryException(RegistryError error, string detail, IReadOnlyDictionary<string, string>? headers = null)
    : Exception($"{error.Code}: {detail}")
{
    public RegistryError Error => error;
    public string Detail => detail;
    /// <summary>Headers the spec requires on this error (Range on a 416, WWW-Authenticate on a 401).</summary>
    public IReadOnlyDictionary<string, string>? Headers => headers;
}
