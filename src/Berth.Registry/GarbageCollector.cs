// `berth registry gc`: mark everything reachable from tags (manifests, index children, referrers, blobs),
// then sweep the rest. Safe while the registry serves: nothing younger than the grace period is swept,
// uploads are never touched, and each victim is first moved aside and checked again, so a blob or manifest
// that a push touched meanwhile is put back instead of lost.
using Berth.Oci;
using Berth.Registry.Routes;
using Berth.Registry.Storage;

namespace Berth.Registry;

public sealed record GcResult(int ManifestsDeleted, int BlobsDeleted, long BytesFreed, int BlobsKept);

public sealed class GarbageCollector(RegistryStorage storage, TimeSpan gracePeriod, bool dryRun = false)
{
    const string Trash = "_trash";
    readonly IStorageDriver _driver = storage.Driver;

    public async Task<GcResult> RunAsync(CancellationToken ct)
    {
        var marked = new HashSet<Digest>();
        var manifestsDeleted = 0;
        foreach (var repository in Catalog.Repositories(_driver, RegistryLayout.Repositories, "").ToList())
            manifestsDeleted += await CollectRepositoryAsync(repository, marked, ct);

        var (blobsDeleted, bytes) = (0, 0L);
        foreach (var digest in AllBlobs().Where(d => !marked.Contains(d)).ToList())
        {
            var size = _driver.Stat(RegistryLayout.BlobData(digest))?.Size ?? 0;
            if (!Sweep(RegistryLayout.BlobDirectory(digest), RegistryLayout.BlobData(digest))) continue;
            (blobsDeleted, bytes) = (blobsDeleted + 1, bytes + size);
        }
        if (!dryRun) RemoveDanglingLayerLinks();
        return new GcResult(manifestsDeleted, blobsDeleted, bytes, marked.Count);
    }

    async Task<int> CollectRepositoryAsync(string name, HashSet<Digest> marked, CancellationToken ct)
    {
        var manifests = storage.Manifests;
        var kept = new HashSet<Digest>();
        var pending = new Stack<Digest>();
        foreach (var tag in manifests.Tags(name))
            if (await manifests.ResolveAsync(name, tag, ct) is { } d) pending.Push(d.Digest);
        var revisions = Revisions(name).ToList();
        foreach (var revision in revisions.Where(r => IsYoung(RegistryLayout.Revision(name, r)))) pending.Push(revision);

        while (pending.TryPop(out var digest))
        {
            if (!kept.Add(digest)) continue;
            marked.Add(digest);
            if (await manifests.ResolveAsync(name, digest.ToString(), ct) is not { } descriptor) continue;
            if (await manifests.ReadAsync(descriptor, ct) is { } bytes && ManifestStore.TryParse(bytes, descriptor.MediaType) is { } manifest)
                foreach (var reference in manifest.References)
                {
                    if (manifest.IsIndex) pending.Push(reference.Digest);
                    else marked.Add(reference.Digest);
                }
            foreach (var referrer in await manifests.ReferrersAsync(name, digest, null, ct)) pending.Push(referrer.Digest);
        }

        var deleted = 0;
        foreach (var revision in revisions.Where(r => !kept.Contains(r)))
        {
            // A push of this manifest may have rewritten its revision since the mark: then it is in use again.
            if (IsYoung(RegistryLayout.Revision(name, revision))) continue;
            if (dryRun) { deleted++; continue; }
            if (await manifests.DeleteAsync(name, revision.ToString(), ct)) deleted++;
        }
        return deleted;
    }

    /// <summary>Moves an old, unreferenced file aside, then deletes it unless it was touched meanwhile.</summary>
    bool Sweep(string directory, string timestamped)
    {
        if (IsYoung(timestamped)) return false;
        if (dryRun) return true;
        var aside = $"{Trash}/{Guid.NewGuid():N}";
        var file = timestamped[(directory.Length + 1)..];
        try { _driver.Move($"{timestamped}", $"{aside}/{file}"); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return false; }
        if (IsYoung($"{aside}/{file}") && _driver.Stat(timestamped) is null)
        {
            _driver.Move($"{aside}/{file}", timestamped);
            _driver.Delete(aside);
            return false;
        }
        // The emptied directory stays: removing it could race with a push committing the same content into it.
        _driver.Delete(aside);
        return true;
    }

    bool IsYoung(string path) =>
        _driver.Stat(path) is not { } info || DateTimeOffset.UtcNow - info.Modified < gracePeriod;

    IEnumerable<Digest> AllBlobs() =>
        from algorithm in _driver.List(RegistryLayout.Blobs)
        from prefix in _driver.List($"{RegistryLayout.Blobs}/{algorithm}")
        from hex in _driver.List($"{RegistryLayout.Blobs}/{algorithm}/{prefix}")
        where Digest.TryParse($"{algorithm}:{hex}", out _)
        select Digest.Parse($"{algorithm}:{hex}");

    IEnumerable<Digest> Revisions(string name) =>
        from algorithm in _driver.List(RegistryLayout.Revisions(name))
        from hex in _driver.List($"{RegistryLayout.Revisions(name)}/{algorithm}")
        where Digest.TryParse($"{algorithm}:{hex}", out _)
        select Digest.Parse($"{algorithm}:{hex}");

    void RemoveDanglingLayerLinks()
    {
        foreach (var name in Catalog.Repositories(_driver, RegistryLayout.Repositories, "").ToList())
            foreach (var algorithm in _driver.List(RegistryLayout.LayerLinks(name)))
                foreach (var hex in _driver.List($"{RegistryLayout.LayerLinks(name)}/{algorithm}"))
                    if (Digest.TryParse($"{algorithm}:{hex}", out var d) && !storage.Blobs.Exists(d))
                        storage.Blobs.Unlink(name, d);
    }
}
