// A failed registry operation, with the registry's error code and HTTP status when it answered, and a
// message that says what to do about it ("image ... not found (tags in ...: 0.9, 0.9.1)").
using System.Net;

namespace Berth.Distribution;

public sealed class RegistryClientException(string message, HttpStatusCode? status = null, string? code = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status the registry answered with; null when it could not be reached.</summary>
    public HttpStatusCode? StatusCode => status;

    /// <summary>The distribution spec's error code (see <see cref="RegistryErrorCodes"/>), when known.</summary>
    public string? Code => code;

    public bool IsNotFound => status == HttpStatusCode.NotFound
        || code is RegistryErrorCodes.ManifestUnknown or RegistryErrorCodes.NameUnknown or RegistryErrorCodes.BlobUnknown;
}
