// Blobs: stored once under blobs/, visible in a repository only through its link. Commit is the one
// place content becomes a blob, after its digest has been verified.
using System.Text;
using Berth.Oci;
using Berth.Registry.Storage;

namespace Berth.Registry;

public sealed class BlobStore(IStorageDriver driver)
{
    public bool Exists(Digest digest) => driver.Stat(RegistryLayout.BlobData(digest)) is { IsDirectory: false };

    public bool IsLinked(string name, Digest digest) =>
        driver.Stat(RegistryLayout.LayerLink(name, digest)) is not null && Exists(digest);

    /// <summary>The blob's size when <paramref name="name"/> may see it.</summary>
    public long? LinkedSize(string name, Digest digest) =>
        driver.Stat(RegistryLayout.LayerLink(name, digest)) is null ? null : driver.Stat(RegistryLayout.BlobData(digest))?.Size;

    public Stream? OpenRead(Digest digest) => driver.OpenRead(RegistryLayout.BlobData(digest));

    public Task LinkAsync(string name, Digest digest, CancellationToken ct) =>
        driver.PutContentAsync(RegistryLayout.LayerLink(name, digest), Encoding.UTF8.GetBytes(digest.ToString()), ct);

    public bool Unlink(string name, Digest digest)
    {
        var link = RegistryLayout.LayerLink(name, digest);
        if (driver.Stat(link) is null) return false;
        driver.Delete(Path.GetDirectoryName(link)!.Replace('\\', '/'));
        return true;
    }

    /// <summary>Marks a blob as just used, so a garbage collection running now keeps it (see GarbageCollector).</summary>
    public void Touch(Digest digest) => driver.Touch(RegistryLayout.BlobData(digest));

    /// <summary>Makes verified content at <paramref name="verifiedPath"/> the blob <paramref name="digest"/>.</summary>
    public void Commit(string verifiedPath, Digest digest)
    {
        // Touch before the existence check: a collection that is sweeping this blob right now then either
        // sees it young and keeps it, or has moved it away already, and the new copy takes its place.
        Touch(digest);
        if (Exists(digest)) driver.Delete(verifiedPath);
        else driver.Move(verifiedPath, RegistryLayout.BlobData(digest));
    }

    /// <summary>Stores small content (a manifest) as a blob, written atomically.</summary>
    public async Task PutAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (Exists(digest)) { Touch(digest); return; }
        await driver.PutContentAsync(RegistryLayout.BlobData(digest), content, ct);
    }

    public async Task<byte[]?> ReadAllAsync(Digest digest, CancellationToken ct) =>
        await driver.GetContentAsync(RegistryLayout.BlobData(digest), ct);
}
