// Manifests, tags and the referrers index of each repository. A manifest is a blob plus a revision link
// (its descriptor); a tag is a link to a revision; a referrer entry is the descriptor of a manifest whose
// subject is another manifest, kept so the referrers API answers without scanning the repository.
using System.Text;
using System.Text.Json;
using Berth.Oci;
using Berth.Registry.Storage;

namespace Berth.Registry;

public sealed class ManifestStore(IStorageDriver driver, BlobStore blobs)
{
    public const int MaxManifestBytes = 4 << 20;

    public bool RepositoryExists(string name) => driver.Stat(RegistryLayout.Repository(name)) is { IsDirectory: true };

    /// <summary>The descriptor of the manifest a tag or digest names, or null.</summary>
    public async Task<Descriptor?> ResolveAsync(string name, string reference, CancellationToken ct)
    {
        if (!Digest.TryParse(reference, out var digest))
        {
            var tagged = await driver.GetContentAsync(RegistryLayout.Tag(name, reference), ct);
            if (tagged is null || !Digest.TryParse(Encoding.UTF8.GetString(tagged), out digest)) return null;
        }
        var revision = await driver.GetContentAsync(RegistryLayout.Revision(name, digest), ct);
        if (revision is null || !blobs.Exists(digest)) return null;
        return JsonSerializer.Deserialize(revision, OciJsonContext.Default.Descriptor);
    }

    public Task<byte[]?> ReadAsync(Descriptor descriptor, CancellationToken ct) => blobs.ReadAllAsync(descriptor.Digest, ct);

    /// <summary>Validates and stores a manifest under a tag or its digest; returns the stored document.</summary>
    public async Task<ManifestDocument> PutAsync(string name, string reference, byte[] body, string? contentType, CancellationToken ct)
    {
        var byDigest = Digest.TryParse(reference, out var expected);
        ManifestDocument manifest;
        try { manifest = ManifestDocument.Parse(body, contentType, byDigest ? expected.Algorithm : "sha256"); }
        catch (ManifestInvalidException e)
        {
            throw (e.Unsupported ? RegistryError.UnsupportedMediaType : RegistryError.ManifestInvalid).With(e.Message);
        }
        if (byDigest && manifest.Digest != expected)
            throw RegistryError.DigestInvalid.With($"manifest digest is {manifest.Digest}, not {expected} as the URL says");

        await CheckReferencesAsync(name, manifest, ct);
        await blobs.PutAsync(manifest.Digest, body, ct);
        var revision = RegistryLayout.Revision(name, manifest.Digest);
        var created = driver.Stat(revision) is null;
        var descriptor = new Descriptor { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = body.Length, ArtifactType = manifest.ArtifactType, Annotations = manifest.Annotations };
        var revisionContent = JsonSerializer.SerializeToUtf8Bytes(descriptor, OciJsonContext.Default.Descriptor);
        await driver.PutContentAsync(revision, revisionContent, ct);
        if (manifest.Subject is { } subject)
            await driver.PutContentAsync(RegistryLayout.Referrer(name, subject.Digest, manifest.Digest), revisionContent, ct);

        // A garbage collection may have swept a referenced blob between the check and now; never keep a
        // manifest whose content is gone (the client sees an error and pushes the blob again).
        if (FirstMissing(name, manifest) is { } missing)
        {
            if (created) DeleteRevision(name, manifest);
            throw RegistryError.ManifestBlobUnknown.With($"{missing} was removed while the manifest was pushed; push it again");
        }
        if (!byDigest)
        {
            await driver.PutContentAsync(RegistryLayout.Tag(name, reference), Encoding.UTF8.GetBytes(manifest.Digest.ToString()), ct);
            // A collection that took this revision for an old untagged one may have removed it meanwhile.
            if (driver.Stat(revision) is null) await driver.PutContentAsync(revision, revisionContent, ct);
        }
        return manifest;
    }

    /// <summary>Deletes a tag, or a manifest by digest together with every tag that points at it.</summary>
    public async Task<bool> DeleteAsync(string name, string reference, CancellationToken ct)
    {
        if (!Digest.TryParse(reference, out var digest))
        {
            var tag = RegistryLayout.Tag(name, reference);
            if (driver.Stat(tag) is null) return false;
            driver.Delete($"{RegistryLayout.Tags(name)}/{reference}");
            return true;
        }
        if (await ResolveAsync(name, reference, ct) is not { } descriptor) return false;
        foreach (var tag in Tags(name))
            if (await driver.GetContentAsync(RegistryLayout.Tag(name, tag), ct) is { } link && Encoding.UTF8.GetString(link) == digest.ToString())
                driver.Delete($"{RegistryLayout.Tags(name)}/{tag}");
        var bytes = await ReadAsync(descriptor, ct);
        DeleteRevision(name, bytes is null ? null : TryParse(bytes, descriptor.MediaType), digest);
        return true;
    }

    public IReadOnlyList<string> Tags(string name) =>
        driver.List(RegistryLayout.Tags(name)).Where(t => driver.Stat(RegistryLayout.Tag(name, t)) is not null).Order(StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<Descriptor>> ReferrersAsync(string name, Digest subject, string? artifactType, CancellationToken ct)
    {
        var referrers = new List<Descriptor>();
        var directory = RegistryLayout.Referrers(name, subject);
        foreach (var entry in driver.List(directory).Order(StringComparer.Ordinal))
        {
            var bytes = await driver.GetContentAsync($"{directory}/{entry}", ct);
            if (bytes is null) continue;
            var descriptor = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.Descriptor)!;
            if (driver.Stat(RegistryLayout.Revision(name, descriptor.Digest)) is null) continue;
            if (artifactType is null || descriptor.ArtifactType == artifactType) referrers.Add(descriptor);
        }
        return referrers;
    }

    async Task CheckReferencesAsync(string name, ManifestDocument manifest, CancellationToken ct)
    {
        foreach (var reference in manifest.References)
        {
            if (manifest.IsIndex)
            {
                if (await ResolveAsync(name, reference.Digest.ToString(), ct) is null)
                    throw RegistryError.ManifestBlobUnknown.With($"index refers to manifest {reference.Digest}, which is not in repository {name}; push it first");
            }
            else if (reference.Urls is not { Count: > 0 } && !blobs.IsLinked(name, reference.Digest))
                throw RegistryError.ManifestBlobUnknown.With($"manifest refers to blob {reference.Digest} ({reference.MediaType}), which is not in repository {name}; push it first");
            blobs.Touch(reference.Digest);
        }
    }

    string? FirstMissing(string name, ManifestDocument manifest) =>
        manifest.References.Where(r => r.Urls is not { Count: > 0 }).Select(r => r.Digest)
            .Where(d => !blobs.Exists(d)).Select(d => d.ToString()).FirstOrDefault();

    void DeleteRevision(string name, ManifestDocument manifest) => DeleteRevision(name, manifest, manifest.Digest);

    void DeleteRevision(string name, ManifestDocument? manifest, Digest digest)
    {
        if (manifest?.Subject is { } subject) driver.Delete(RegistryLayout.Referrer(name, subject.Digest, digest));
        var revision = RegistryLayout.Revision(name, digest);
        driver.Delete(revision[..revision.LastIndexOf('/')]);
    }

    internal static ManifestDocument? TryParse(byte[] bytes, string mediaType)
    {
        try { return ManifestDocument.Parse(bytes, mediaType); }
        catch (ManifestInvalidException) { return null; }
    }
}
