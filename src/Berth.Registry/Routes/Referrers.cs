// GET /v2/<name>/referrers/<digest>: an OCI image index of the manifests whose subject is <digest>,
// optionally filtered by artifactType (then OCI-Filters-Applied says so).
using System.Text.Json;
using Berth.Oci;
using Microsoft.AspNetCore.Http;

namespace Berth.Registry.Routes;

static class Referrers
{
    public static async Task ListAsync(RegistryRequest r)
    {
        var subject = r.ArgumentDigest(RegistryError.DigestInvalid);
        var artifactType = r.Query("artifactType");
        var referrers = await r.Storage.Manifests.ReferrersAsync(r.Name, subject, artifactType, r.Aborted);
        if (artifactType is not null) r.Response.Headers["OCI-Filters-Applied"] = "artifactType";
        r.Response.ContentType = MediaTypes.OciIndex;
        var index = new ImageIndex { Manifests = referrers };
        await r.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(index, OciJsonContext.Default.ImageIndex), r.Aborted);
    }
}
